package dev.purser.functions.spendguard;

import static dev.purser.functions.spendguard.Guarded.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.accounts.Agent;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.spendguard.Reservations;
import dev.purser.store.Keys;
import dev.purser.testing.WithLocalAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@WithLocalAws
class ReservationsTest {
    static final String POLICY = "{\"daily_limit\": 100, \"auto_approve\": {\"enabled\": true, \"max_amount\": 50}}";
    final World world = new World();
    final Guarded g = new Guarded(world, 1000, POLICY);

    JsonNode reserve(String amount) {
        return ok(201, g.owner("POST", "/v1/spend-guard/reservations",
                "{\"agent\": \"" + g.agent.id() + "\", \"amount\": " + amount + ", \"category\": \"api\", \"merchant\": \"OpenAI\"}"));
    }

    Agent agent() {
        return world.agents.get(g.agent.id());
    }

    long accountTotal() {
        return g.counter(Keys.account(g.account.id()), Keys.accountTotalsSk("USD"), "used");
    }

    @Test
    void reserveCountsLikeAPendingHoldThenCaptureConvertsAndReleasesTheRest() {
        JsonNode r = reserve("30");
        String id = r.get("reservation_id").asText();
        assertEquals("held", r.get("status").asText());
        assertEquals(3000, agent().held());
        assertEquals(3000, g.dayUsed(true));
        assertEquals(3000, g.dayUsed(false));
        assertEquals(3000, accountTotal());

        assertEquals("amount", ok(422, g.owner("POST", "/v1/spend-guard/reservations/" + id + "/capture",
                "{\"amount\": 30.01}")).get("field").asText(), "capture above the reservation is refused");
        JsonNode captured = ok(200, g.owner("POST", "/v1/spend-guard/reservations/" + id + "/capture", "{\"amount\": 12.34}"));
        assertEquals("captured", captured.get("status").asText());
        assertEquals("12.34", captured.get("captured_amount").asText());
        assertEquals("17.66", captured.get("released_amount").asText());
        Agent a = agent();
        assertEquals(0, a.held());
        assertEquals(1234, a.spent());
        assertEquals(1234, g.dayUsed(true));
        assertEquals(1234, g.dayUsed(false));
        assertEquals(1234, accountTotal());

        JsonNode again = ok(409, g.owner("POST", "/v1/spend-guard/reservations/" + id + "/release", null));
        assertEquals("reservation_not_held", again.get("code").asText());
        assertEquals(1234, agent().spent());
        ok(200, g.owner("GET", "/v1/spend-guard/reservations/" + id, null));
    }

    @Test
    void releaseReturnsEverythingAndTheAgentMayReserveWithItsOwnToken() {
        JsonNode r = ok(201, g.asAgent("POST", "/v1/spend-guard/reservations", "{\"amount\": 20}"));
        String id = r.get("reservation_id").asText();
        assertEquals(2000, g.dayUsed(true));
        JsonNode released = ok(200, g.asAgent("POST", "/v1/spend-guard/reservations/" + id + "/release", "{\"reason\": \"tool failed\"}"));
        assertEquals("released", released.get("status").asText());
        assertEquals("20.00", released.get("released_amount").asText());
        assertEquals(0, g.dayUsed(true));
        assertEquals(0, agent().held());
        assertEquals(0, accountTotal());
        var other = world.agent(g.account, 100, null);
        assertEquals(404, world.api.call("POST", "/v1/spend-guard/reservations/" + id + "/release", other.token(), null,
                java.util.Map.of()).status(), "another agent's reservation is not found");
    }

    @Test
    void approvalRequiredAndDenyAreRefusedWithTheReasonAndWriteNothing() {
        var before = g.snapshot();
        JsonNode approval = ok(409, g.owner("POST", "/v1/spend-guard/reservations",
                "{\"agent\": \"" + g.agent.id() + "\", \"amount\": 60}"));
        assertEquals("reservation_approval_required", approval.get("code").asText());
        assertEquals("approval_required", approval.get("decision").asText());
        JsonNode deny = ok(409, g.owner("POST", "/v1/spend-guard/reservations",
                "{\"agent\": \"" + g.agent.id() + "\", \"amount\": 150}"));
        assertEquals("reservation_denied", deny.get("code").asText());
        assertTrue(deny.get("detail").asText().toLowerCase().contains("daily"), deny.toString());
        assertEquals(before, g.snapshot());
    }

    @Test
    void windowsLimitReservationsLikeRequests() {
        reserve("45");
        reserve("45");
        // 90 held of a daily 100: a 20 reservation no longer fits.
        assertEquals("reservation_denied", ok(409, g.owner("POST", "/v1/spend-guard/reservations",
                "{\"agent\": \"" + g.agent.id() + "\", \"amount\": 20}")).get("code").asText());
        Resp r = world.api.agentPost("/requests", g.agent.token(), "{\"amount\": 20, \"category\": \"api\"}");
        assertEquals("rejected", r.json().get("status").asText(), "requests see reservations in the windows: " + r);
    }

    @Test
    void expiryBySweepReleasesOnceAndLateCaptureIsRefused() {
        JsonNode r = ok(201, g.owner("POST", "/v1/spend-guard/reservations",
                "{\"agent\": \"" + g.agent.id() + "\", \"amount\": 5, \"expires_in\": 60}"));
        JsonNode r2 = ok(201, g.owner("POST", "/v1/spend-guard/reservations",
                "{\"agent\": \"" + g.agent.id() + "\", \"amount\": 7, \"expires_in\": 60}"));
        world.clock.advance(Duration.ofSeconds(61));
        // Capture after expiry but before the sweep: expired on the spot, refused.
        JsonNode late = ok(409, g.owner("POST", "/v1/spend-guard/reservations/" + r2.get("reservation_id").asText() + "/capture",
                "{\"amount\": 1}"));
        assertEquals("expired", late.get("reservation").get("status").asText());
        var reservations = new Reservations(world.purser.dynamo(), world.purser.table(), world.purser.reader(), world.purser.clock());
        assertTrue(reservations.sweep(world.purser.now(), 1000) >= 1);
        assertEquals(0, reservations.sweep(world.purser.now(), 1000), "nothing left to expire");
        assertEquals("expired", ok(200, g.owner("GET", "/v1/spend-guard/reservations/" + r.get("reservation_id").asText(), null))
                .get("status").asText());
        assertEquals(0, agent().held());
        assertEquals(0, g.dayUsed(true));
        assertEquals(0, accountTotal());
    }

    @Test
    void listFiltersCursorAndSummary() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(reserve("2").get("reservation_id").asText());
            world.clock.advance(Duration.ofSeconds(1));
        }
        ok(200, g.owner("POST", "/v1/spend-guard/reservations/" + ids.get(0) + "/capture", "{\"amount\": 1.5}"));
        ok(200, g.owner("POST", "/v1/spend-guard/reservations/" + ids.get(1) + "/release", null));
        JsonNode page1 = ok(200, g.owner("GET", "/v1/spend-guard/reservations?limit=2", null));
        assertEquals(2, page1.get("reservations").size());
        assertEquals(ids.get(4), page1.get("reservations").get(0).get("reservation_id").asText(), "newest first");
        Set<String> seen = new HashSet<>();
        page1.get("reservations").forEach(x -> seen.add(x.get("reservation_id").asText()));
        String cursor = page1.get("next_cursor").asText();
        while (cursor != null && !cursor.equals("null")) {
            JsonNode page = ok(200, g.owner("GET", "/v1/spend-guard/reservations?limit=2&cursor=" + cursor, null));
            page.get("reservations").forEach(x -> seen.add(x.get("reservation_id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        }
        assertEquals(new HashSet<>(ids), seen);
        assertEquals(3, ok(200, g.owner("GET", "/v1/spend-guard/reservations?status=held", null)).get("reservations").size());
        assertEquals(5, ok(200, g.asAgent("GET", "/v1/spend-guard/reservations", null)).get("reservations").size());
        assertEquals(422, g.owner("GET", "/v1/spend-guard/reservations?status=nope", null).status());
        assertEquals(422, g.owner("GET", "/v1/spend-guard/reservations?cursor=garbage", null).status());

        JsonNode sum = ok(200, g.owner("GET", "/v1/spend-guard/usage/summary?from=2026-11-01&to=2026-12-01&agent=" + g.agent.id(), null));
        JsonNode t = sum.get("totals");
        assertEquals(5, t.get("reservations").get("total").asInt());
        assertEquals(3, t.get("reservations").get("held").asInt());
        assertEquals("10.00", t.get("reserved").asText());
        assertEquals("1.50", t.get("captured").asText());
        assertEquals("2.50", t.get("released").asText());
        assertEquals("6.00", t.get("held").asText());
        assertEquals(1, sum.get("periods").size());
        assertEquals(0, ok(200, g.owner("GET", "/v1/spend-guard/usage/summary?from=2026-10-01&to=2026-11-01", null))
                .get("totals").get("reservations").get("total").asInt());
        assertEquals("from", ok(422, g.owner("GET", "/v1/spend-guard/usage/summary?from=yesterday", null)).get("field").asText());
    }

    @Test
    void idempotentCreateAndCapture() {
        String body = "{\"agent\": \"" + g.agent.id() + "\", \"amount\": 3}";
        Resp first = g.owner("POST", "/v1/spend-guard/reservations", body, "k1");
        Resp again = g.owner("POST", "/v1/spend-guard/reservations", body, "k1");
        assertEquals(201, again.status());
        assertEquals(first.json().get("reservation_id"), again.json().get("reservation_id"));
        assertEquals(300, agent().held(), "one hold");
        assertEquals(422, g.owner("POST", "/v1/spend-guard/reservations", "{\"agent\": \"" + g.agent.id() + "\", \"amount\": 4}", "k1").status());
        String id = first.json().get("reservation_id").asText();
        assertEquals(200, g.owner("POST", "/v1/spend-guard/reservations/" + id + "/capture", "{\"amount\": 1}", "c1").status());
        assertEquals(200, g.owner("POST", "/v1/spend-guard/reservations/" + id + "/capture", "{\"amount\": 1}", "c1").status(),
                "a retried capture replays its answer");
        assertEquals(100, agent().spent());
    }

    /** 100 callers race to capture or release ONE reservation: one wins, the money moves once. */
    @Test
    void racingCapturesAndReleasesHaveOneOutcome() throws Exception {
        Random random = new Random(14);
        for (int round = 0; round < 2; round++) {
            String id = reserve("40").get("reservation_id").asText();
            long spentBefore = agent().spent();
            long dayBefore = g.dayUsed(true);
            int n = 100;
            boolean[] capture = new boolean[n];
            long[] amounts = new long[n];
            for (int i = 0; i < n; i++) {
                capture[i] = random.nextBoolean();
                amounts[i] = 1 + random.nextInt(4000);
            }
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Resp>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                calls.add(pool.submit(() -> {
                    go.await();
                    String amount = dev.purser.money.Money.plain(amounts[k]);
                    return capture[k]
                            ? g.owner("POST", "/v1/spend-guard/reservations/" + id + "/capture", "{\"amount\": " + amount + "}")
                            : g.owner("POST", "/v1/spend-guard/reservations/" + id + "/release", null);
                }));
            }
            go.countDown();
            int won = 0;
            JsonNode winner = null;
            for (Future<Resp> f : calls) {
                Resp r = f.get();
                if (r.status() == 200) {
                    won++;
                    winner = r.json();
                } else {
                    assertEquals(409, r.status(), r.toString());
                }
            }
            pool.shutdown();
            assertEquals(1, won, "exactly one transition");
            long captured = winner.get("status").asText().equals("captured")
                    ? dev.purser.money.Money.toMinor(new java.math.BigDecimal(winner.get("captured_amount").asText())) : 0;
            Agent a = agent();
            assertEquals(0, a.held());
            assertEquals(spentBefore + captured, a.spent());
            assertEquals(dayBefore - 4000 + captured, g.dayUsed(true));
            assertEquals(a.spent(), g.dayUsed(false));
            assertEquals(a.spent(), accountTotal());
            assertEquals(a.budget() - a.spent() - a.held(), a.remaining());
        }
    }
}
