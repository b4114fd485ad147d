package dev.purser.functions.owner;

import static dev.purser.functions.owner.Owner.error;
import static dev.purser.functions.owner.Owner.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.accounts.Agent;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.requests.ExpirySweep;
import dev.purser.store.Attr;
import dev.purser.store.Keys;
import dev.purser.testing.WithLocalAws;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@WithLocalAws
class RequestReviewTest {
    final World world = new World();
    final Owner owner = new Owner(world);
    final JsonNode reg = owner.register(null, "1000", null);
    final String agentId = reg.get("agent_id").asText();
    final String token = reg.get("token").asText();

    Agent agent() {
        return world.agents.get(agentId);
    }

    @Test
    void listGetAndFilters() {
        String first = owner.pendingRequest(token, "10");
        world.clock.advance(Duration.ofSeconds(1));
        String second = owner.pendingRequest(token, "20");
        world.clock.advance(Duration.ofSeconds(1));
        JsonNode other = owner.register(null, "1000", null);
        String third = owner.pendingRequest(other.get("token").asText(), "30");
        ok(200, owner.post("/v1/requests/" + second + "/approve", null));

        JsonNode all = ok(200, owner.get("/v1/requests")).get("requests");
        assertEquals(3, all.size());
        assertEquals(third, all.get(0).get("request_id").asText(), "newest first");
        JsonNode item = all.get(2);
        assertEquals("10.00", item.get("amount").asText());
        assertEquals("Shop", item.get("merchant_name").asText());
        assertTrue(item.get("policy_check").has("checks"));
        assertTrue(item.has("expires_at") && item.has("agent_comment") && item.has("description"));
        assertEquals(2, ok(200, owner.get("/v1/requests?status=pending")).get("requests").size());
        assertEquals(2, ok(200, owner.get("/v1/requests?agent_id=" + agentId)).get("requests").size());
        assertEquals(first, ok(200, owner.get("/v1/requests?agent_id=" + agentId + "&status=pending")).get("requests").get(0).get("request_id").asText());

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = ok(200, owner.get("/v1/requests?limit=1" + (cursor == null ? "" : "&cursor=" + cursor)));
            page.get("requests").forEach(r -> seen.add(r.get("request_id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertEquals(List.of(third, second, first), seen);

        JsonNode one = ok(200, owner.get("/v1/requests/" + first));
        assertEquals("pending", one.get("status").asText());
        assertEquals(agentId, one.get("agent_id").asText());
        error(404, "request_not_found", owner.get("/v1/requests/req_nope"));
        assertEquals("status", error(422, "validation_error", owner.get("/v1/requests?status=maybe")).get("field").asText());
        error(422, "validation_error", owner.get("/v1/requests?limit=101"));
        error(422, "validation_error", owner.get("/v1/requests?cursor=eyJ4IjoxfQ"));
    }

    /** The console's history search: date range, amount, merchant and status, over the whole history (server-side). */
    @Test
    void searchesTheWholeHistoryByDateAmountMerchantAndStatus() {
        Resp old = world.api.agentPost("/requests", token, "{\"amount\": 12, \"category\": \"groceries\", \"merchant_name\": \"Corner Market\"}");
        String early = old.json().get("request_id").asText();
        world.clock.advance(Duration.ofDays(3));
        String middle = world.api.agentPost("/requests", token,
                "{\"amount\": 45.50, \"category\": \"groceries\", \"merchant_name\": \"Big Market Hall\"}").json().get("request_id").asText();
        ok(200, owner.post("/v1/requests/" + middle + "/reject", null));
        world.clock.advance(Duration.ofDays(3));
        String late = owner.pendingRequest(token, "80");
        String day0 = World.START.toString().substring(0, 10);
        String day3 = World.START.plus(Duration.ofDays(3)).toString().substring(0, 10);

        assertEquals(List.of(early), ids("/v1/requests?to=" + day0));
        assertEquals(List.of(middle, early), ids("/v1/requests?from=" + day0 + "&to=" + day3));
        assertEquals(List.of(late, middle), ids("/v1/requests?from=" + World.START.plusSeconds(1)
                .atOffset(ZoneOffset.UTC)));
        assertEquals(List.of(middle, early), ids("/v1/requests?merchant=market"));
        assertEquals(List.of(middle), ids("/v1/requests?merchant=market&min_amount=20"));
        assertEquals(List.of(early), ids("/v1/requests?max_amount=12.00"));
        assertEquals(List.of(middle), ids("/v1/requests?status=rejected&merchant=MARKET&max_amount=50"));
        // Pages of one still find every match (filters run over the whole history, not one page).
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = ok(200, owner.get("/v1/requests?limit=1&merchant=market" + (cursor == null ? "" : "&cursor=" + cursor)));
            page.get("requests").forEach(r -> seen.add(r.get("request_id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertEquals(List.of(middle, early), seen);

        assertEquals("from", error(422, "validation_error", owner.get("/v1/requests?from=yesterday")).get("field").asText());
        assertEquals("to", error(422, "validation_error", owner.get("/v1/requests?from=" + day3 + "&to=" + day0)).get("field").asText());
        assertEquals("min_amount", error(422, "validation_error", owner.get("/v1/requests?min_amount=-1")).get("field").asText());
        assertEquals("max_amount", error(422, "validation_error", owner.get("/v1/requests?min_amount=5&max_amount=1")).get("field").asText());
    }

    private List<String> ids(String path) {
        List<String> out = new ArrayList<>();
        ok(200, owner.get(path)).get("requests").forEach(r -> out.add(r.get("request_id").asText()));
        return out;
    }

    @Test
    void approveConvertsTheHoldOnce() {
        String id = owner.pendingRequest(token, "40");
        assertEquals(4000, agent().held());
        JsonNode approved = ok(200, owner.post("/v1/requests/" + id + "/approve", null));
        assertEquals("approved", approved.get("status").asText());
        assertTrue(approved.get("reviewed_at").isTextual());
        assertEquals(0, agent().held());
        assertEquals(4000, agent().spent());
        JsonNode again = error(409, "request_not_pending", owner.post("/v1/requests/" + id + "/approve", null));
        assertEquals("Request is already approved", again.get("detail").asText());
        error(409, "request_not_pending", owner.post("/v1/requests/" + id + "/reject", null));
        assertEquals(4000, agent().spent());
        assertEquals("approved", world.api.agentGet("/requests/" + id, token).json().get("status").asText());
    }

    @Test
    void rejectReleasesTheHoldWithAReason() {
        String id = owner.pendingRequest(token, "40");
        JsonNode rejected = ok(200, owner.post("/v1/requests/" + id + "/reject", "{\"reason\": \"too pricey\"}"));
        assertEquals("rejected", rejected.get("status").asText());
        assertEquals("too pricey", rejected.get("review_reason").asText());
        assertEquals(0, agent().held());
        assertEquals(0, agent().spent());
        error(422, "validation_error", owner.post("/v1/requests/" + owner.pendingRequest(token, "1") + "/reject", "{\"reason\": 5}"));
        ok(200, owner.post("/v1/requests/" + owner.pendingRequest(token, "1") + "/reject", null));
    }

    @Test
    void pastExpiryTheRequestExpiresAndTheHoldIsReleased() {
        String a = owner.pendingRequest(token, "40");
        String b = owner.pendingRequest(token, "60");
        world.clock.advance(Duration.ofMinutes(31));
        JsonNode e = error(409, "request_expired", owner.post("/v1/requests/" + a + "/approve", null));
        assertTrue(e.get("detail").asText().contains("expired"));
        error(409, "request_expired", owner.post("/v1/requests/" + b + "/reject", null));
        assertEquals(0, agent().held());
        assertEquals(0, agent().spent());
        assertEquals("expired", ok(200, owner.get("/v1/requests/" + a)).get("status").asText());
        error(409, "request_expired", owner.post("/v1/requests/" + a + "/approve", null));
    }

    /**
     * An approve just inside the expiry and the sweep just past it, on two threads, many times:
     * each request ends approved or expired, never both, and the money moves exactly once.
     */
    @Test
    void approveRacingTheExpirySweepHasExactlyOneOutcome() throws Exception {
        ExpirySweep sweep = new ExpirySweep(world.purser.queries(), world.purser.lifecycle());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int approved = 0;
        int expired = 0;
        int rounds = 15;
        for (int i = 0; i < rounds; i++) {
            world.clock.set(World.START.plus(Duration.ofHours(i)));
            String id = owner.pendingRequest(token, "10");
            Instant expiresAt = world.purser.lifecycle().get(id).expiresAt();
            world.clock.set(expiresAt);
            CountDownLatch go = new CountDownLatch(1);
            Future<Resp> approve = pool.submit(() -> {
                go.await();
                return owner.post("/v1/requests/" + id + "/approve", null);
            });
            Future<ExpirySweep.Result> swept = pool.submit(() -> {
                go.await();
                return sweep.sweep(expiresAt.plusMillis(1), 100);
            });
            go.countDown();
            Resp r = approve.get(60, TimeUnit.SECONDS);
            swept.get(60, TimeUnit.SECONDS);
            String status = world.purser.lifecycle().get(id).status().wire();
            if (status.equals("approved")) {
                assertEquals(200, r.status(), r.toString());
                approved++;
            } else {
                assertEquals("expired", status);
                error(409, "request_expired", r);
                expired++;
            }
            Agent a = agent();
            assertEquals(0, a.held(), "round " + i);
            assertEquals(0, a.pendingCount(), "round " + i);
            assertEquals(approved * 1000L, a.spent(), "round " + i);
        }
        pool.shutdown();
        assertEquals(rounds, approved + expired);
        // The windows the requests counted in moved exactly once too.
        var month = world.purser.dynamo().getItem(b -> b.tableName(world.purser.table()).consistentRead(true)
                .key(Attr.key(Keys.agent(agentId), Keys.windowSk("USD", 'M', "2026-11")))).item();
        assertEquals(0, Attr.num(month, "held"));
        assertEquals(approved * 1000L, Attr.num(month, "spent"));
    }
}
