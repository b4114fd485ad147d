package dev.purser.functions.spendguard;

import static dev.purser.functions.spendguard.Guarded.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.accounts.Agent;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.spendguard.BudgetLeases;
import dev.purser.store.Attr;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.testing.WithLocalAws;
import dev.purser.time.Windows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Budget leases on DynamoDB Local: the parent's hold, the child's draw in its own transaction,
 * release/expiry exactly once, narrowing refused with the field, nesting, and a hammered child.
 */
@WithLocalAws
class BudgetLeasesTest {
    static final String PARENT_POLICY = "{\"daily_limit\": 500, \"per_request_limit\": 100, "
            + "\"allowed_categories\": [\"api\", \"tools\"], \"auto_approve\": {\"enabled\": true, \"max_amount\": 100}}";
    static final String CHILD_POLICY = "{\"auto_approve\": {\"enabled\": true, \"max_amount\": 100}}";
    final World world = new World();
    final Guarded g = new Guarded(world, 1000, PARENT_POLICY);
    final World.TestAgent child = world.agent(g.account, 1000, CHILD_POLICY);
    final World.TestAgent grandchild = world.agent(g.account, 1000, CHILD_POLICY);
    final BudgetLeases leases = new BudgetLeases(world.purser.dynamo(), world.purser.table(), world.purser.reader(), world.clock);

    Resp createLease(String parent, String child, String amount, String extra) {
        return g.owner("POST", "/v1/spend-guard/budget-leases", "{\"parent_agent\": \"" + parent + "\", \"child_agent\": \""
                + child + "\", \"amount\": " + amount + (extra == null ? "" : ", " + extra) + "}");
    }

    Resp as(World.TestAgent a, String method, String path, String body) {
        return world.api.call(method, path, a.token(), body, Map.of());
    }

    Agent agent(World.TestAgent a) {
        return world.agents.get(a.id());
    }

    long dayUsed(String pk) {
        return g.counter(pk, Keys.windowSk("USD", Windows.DAY, Windows.of(world.purser.now(), g.account.zone()).day()), "used");
    }

    long accountTotal() {
        return g.counter(Keys.account(g.account.id()), Keys.accountTotalsSk("USD"), "used");
    }

    JsonNode lease(String id) {
        return ok(200, g.owner("GET", "/v1/spend-guard/budget-leases/" + id, null));
    }

    long minor(JsonNode n, String f) {
        return dev.purser.money.Money.toMinor(new java.math.BigDecimal(n.get(f).asText()));
    }

    @Test
    void leaseHoldsOnTheParentAndTheChildDrawsItDownAtomically() {
        JsonNode l = ok(201, createLease(g.agent.id(), child.id(), "200", null));
        String id = l.get("lease_id").asText();
        assertTrue(id.startsWith("lease_"));
        assertEquals("active", l.get("status").asText());
        assertEquals("200.00", l.get("remaining").asText());
        assertEquals(20000, agent(g.agent).held(), "held on the parent");
        assertEquals(20000, dayUsed(Keys.agent(g.agent.id())));
        assertEquals(20000, dayUsed(Keys.account(g.account.id())));
        assertEquals(20000, accountTotal());

        JsonNode r = ok(201, as(child, "POST", "/v1/spend-guard/reservations", "{\"amount\": 50, \"category\": \"api\"}"));
        assertEquals(id, r.get("lease_id").asText());
        assertEquals("150.00", lease(id).get("remaining").asText());
        assertEquals(5000, agent(child).held());
        assertEquals(20000, accountTotal(), "the child's hold is inside the lease's hold: counted once");
        assertEquals(20000, dayUsed(Keys.account(g.account.id())));

        JsonNode over = ok(409, as(child, "POST", "/v1/spend-guard/reservations", "{\"amount\": 101, \"category\": \"api\"}"));
        assertEquals("reservation_denied", over.get("code").asText(), "the parent's per-request limit is inherited");
        JsonNode travel = ok(409, as(child, "POST", "/v1/spend-guard/reservations", "{\"amount\": 5, \"category\": \"travel\"}"));
        assertEquals("reservation_denied", travel.get("code").asText(), "the parent's categories are inherited");

        ok(200, as(child, "POST", "/v1/spend-guard/reservations/" + r.get("reservation_id").asText() + "/capture", "{\"amount\": 30}"));
        JsonNode after = lease(id);
        assertEquals("170.00", after.get("remaining").asText());
        assertEquals("30.00", after.get("spent").asText());
        Agent parent = agent(g.agent);
        assertEquals(17000, parent.held());
        assertEquals(3000, parent.spent());
        assertEquals(3000, agent(child).spent());
        assertEquals(20000, accountTotal());

        JsonNode list = ok(200, g.owner("GET", "/v1/spend-guard/budget-leases?agent=" + child.id() + "&status=active", null));
        assertEquals(1, list.get("leases").size());
        assertEquals("170.00", list.get("leases").get(0).get("remaining").asText());
        assertEquals(1, ok(200, as(child, "GET", "/v1/spend-guard/budget-leases", null)).get("leases").size());
        assertEquals(403, as(child, "GET", "/v1/spend-guard/budget-leases?agent=" + g.agent.id(), null).status());
        assertEquals(404, as(grandchild, "GET", "/v1/spend-guard/budget-leases/" + id, null).status());
        assertEquals(422, g.owner("GET", "/v1/spend-guard/budget-leases?status=nope", null).status());

        JsonNode released = ok(200, g.owner("POST", "/v1/spend-guard/budget-leases/" + id + "/release", "{}"));
        assertEquals("released", released.get("status").asText());
        assertEquals("170.00", released.get("released_amount").asText());
        parent = agent(g.agent);
        assertEquals(0, parent.held());
        assertEquals(3000, parent.spent());
        assertEquals(3000, accountTotal());
        assertEquals(3000, dayUsed(Keys.agent(g.agent.id())));
        assertEquals("lease_not_active", ok(409, g.owner("POST", "/v1/spend-guard/budget-leases/" + id + "/release", null))
                .get("code").asText());
        // Without an active lease the child is an ordinary agent again.
        ok(201, as(child, "POST", "/v1/spend-guard/reservations", "{\"amount\": 5, \"category\": \"travel\"}"));
        assertEquals(3500, accountTotal());
        assertEquals(List.of("lease.created", "lease.released"), leaseEvents());
    }

    @Test
    void createAndReleaseAreIdempotent() {
        String body = "{\"parent_agent\": \"" + g.agent.id() + "\", \"child_agent\": \"" + child.id() + "\", \"amount\": 30}";
        Resp first = g.owner("POST", "/v1/spend-guard/budget-leases", body, "L1");
        Resp again = g.owner("POST", "/v1/spend-guard/budget-leases", body, "L1");
        assertEquals(201, again.status());
        assertEquals("true", again.headers().get("idempotent-replayed"));
        assertEquals(first.json().get("lease_id"), again.json().get("lease_id"));
        assertEquals(3000, agent(g.agent).held(), "one hold");
        assertEquals(422, g.owner("POST", "/v1/spend-guard/budget-leases", body.replace("\"amount\": 30", "\"amount\": 31"), "L1").status());
        String id = first.json().get("lease_id").asText();
        assertEquals(200, g.owner("POST", "/v1/spend-guard/budget-leases/" + id + "/release", null, "R1").status());
        assertEquals(200, g.owner("POST", "/v1/spend-guard/budget-leases/" + id + "/release", null, "R1").status(), "replayed");
        assertEquals(0, agent(g.agent).held());
        assertEquals(404, g.owner("GET", "/v1/spend-guard/budget-leases/lease_nope", null).status());
        assertEquals(404, g.owner("POST", "/v1/spend-guard/budget-leases/lease_nope/release", null).status());
        assertEquals("amount", ok(422, createLease(g.agent.id(), child.id(), "0", null)).get("field").asText());
        assertEquals("expires_at", ok(422, createLease(g.agent.id(), child.id(), "1", "\"expires_at\": \"2020-01-01T00:00:00Z\"")).get("field").asText());
        assertEquals("parent_agent", ok(422, g.owner("POST", "/v1/spend-guard/budget-leases",
                "{\"child_agent\": \"" + child.id() + "\", \"amount\": 1}")).get("field").asText());
    }

    @Test
    void theChildNeverExceedsItsLease() {
        String id = ok(201, createLease(g.agent.id(), child.id(), "10", null)).get("lease_id").asText();
        JsonNode refused = ok(409, as(child, "POST", "/v1/spend-guard/reservations", "{\"amount\": 10.01, \"category\": \"api\"}"));
        assertEquals("lease_exceeded", refused.get("code").asText());
        ok(201, as(child, "POST", "/v1/spend-guard/reservations", "{\"amount\": 10, \"category\": \"api\"}"));
        assertEquals("lease_exceeded", ok(409, as(child, "POST", "/v1/spend-guard/reservations",
                "{\"amount\": 0.01, \"category\": \"api\"}")).get("code").asText());
        assertEquals("0.00", lease(id).get("remaining").asText());
        assertEquals("lease_exists", ok(409, createLease(g.agent.id(), child.id(), "1", null)).get("code").asText());
    }

    @Test
    void wideningIsRefusedWithTheField() {
        assertEquals("constraints.per_request_limit",
                ok(422, createLease(g.agent.id(), child.id(), "50", "\"constraints\": {\"per_request_limit\": 150}")).get("field").asText());
        assertEquals("constraints.categories", ok(422, createLease(g.agent.id(), child.id(), "50",
                "\"constraints\": {\"categories\": [\"api\", \"flights\"]}")).get("field").asText());
        // A category the account does not have is refused as such (docs/policy.md), before any narrowing.
        JsonNode unknown = ok(422, createLease(g.agent.id(), child.id(), "50", "\"constraints\": {\"categories\": [\"api\", \"travel\"]}"));
        assertEquals("constraints.categories[1]", unknown.get("field").asText());
        assertEquals("categories", ok(422, createLease(g.agent.id(), child.id(), "50",
                "\"constraints\": {\"categorys\": [\"api\"]}")).get("suggestion").asText());
        assertEquals("constraints.daily_limit", ok(422, createLease(g.agent.id(), child.id(), "50",
                "\"constraints\": {\"daily_limit\": 501}")).get("field").asText());
        assertEquals("constraints.colour", ok(422, createLease(g.agent.id(), child.id(), "50",
                "\"constraints\": {\"colour\": 1}")).get("field").asText());
        // The child's own policy wider than the parent's, with nothing narrowing it: refused.
        ok(200, g.owner("PUT", "/v1/agents/" + child.id() + "/policy", "{\"per_request_limit\": 300, \"auto_approve\": {\"enabled\": true, \"max_amount\": 100}}"));
        assertEquals("per_request_limit", ok(422, createLease(g.agent.id(), child.id(), "50", null)).get("field").asText());
        // ... unless the constraints narrow it: own ∩ constraints is what must narrow.
        String id = ok(201, createLease(g.agent.id(), child.id(), "50",
                "\"constraints\": {\"per_request_limit\": 20, \"categories\": [\"api\"]}")).get("lease_id").asText();
        ok(201, as(child, "POST", "/v1/spend-guard/reservations", "{\"amount\": 20, \"category\": \"api\"}"));
        assertEquals(409, as(child, "POST", "/v1/spend-guard/reservations", "{\"amount\": 20.01, \"category\": \"api\"}").status());
        assertEquals(409, as(child, "POST", "/v1/spend-guard/reservations", "{\"amount\": 1, \"category\": \"tools\"}").status());
        // While the lease is active, a policy change that widens is refused; one that narrows is fine.
        assertEquals("daily_limit", ok(422, g.owner("PUT", "/v1/agents/" + child.id() + "/policy",
                "{\"daily_limit\": 600}")).get("field").asText());
        assertEquals("daily_limit", ok(422, g.owner("PATCH", "/v1/agents/" + child.id() + "/policy",
                "{\"daily_limit\": 1000}")).get("field").asText());
        ok(200, g.owner("PATCH", "/v1/agents/" + child.id() + "/policy", "{\"daily_limit\": 100}"));
        ok(200, g.owner("POST", "/v1/spend-guard/budget-leases/" + id + "/release", null));
        ok(200, g.owner("PATCH", "/v1/agents/" + child.id() + "/policy", "{\"daily_limit\": 1000}"));
        // The parent's own period limit bounds the pool.
        assertEquals("lease_denied", ok(409, createLease(g.agent.id(), grandchild.id(), "501", null)).get("code").asText());
        assertEquals(404, createLease(g.agent.id(), "agent_nope", "1", null).status());
        assertEquals("child_agent", ok(422, createLease(g.agent.id(), g.agent.id(), "1", null)).get("field").asText());
    }

    @Test
    void leasesNestAndEveryLevelStaysExact() {
        String l1 = ok(201, createLease(g.agent.id(), child.id(), "100", null)).get("lease_id").asText();
        // The child grants its own child a lease with its own token: carved from l1, narrowing further.
        String body = "{\"child_agent\": \"" + grandchild.id() + "\", \"amount\": 40";
        assertEquals("constraints.per_request_limit", ok(422, as(child, "POST", "/v1/spend-guard/budget-leases",
                body + ", \"constraints\": {\"per_request_limit\": 101}}")).get("field").asText());
        assertEquals("lease_exceeded", ok(409, as(child, "POST", "/v1/spend-guard/budget-leases",
                "{\"child_agent\": \"" + grandchild.id() + "\", \"amount\": 100.01}")).get("code").asText());
        JsonNode l2 = ok(201, as(child, "POST", "/v1/spend-guard/budget-leases", body + "}"));
        assertEquals(l1, l2.get("parent_lease_id").asText());
        assertEquals("60.00", lease(l1).get("remaining").asText());
        assertEquals(4000, agent(child).held());
        assertEquals(10000, accountTotal());

        String r = ok(201, as(grandchild, "POST", "/v1/spend-guard/reservations", "{\"amount\": 10, \"category\": \"api\"}"))
                .get("reservation_id").asText();
        ok(200, as(grandchild, "POST", "/v1/spend-guard/reservations/" + r + "/capture", "{\"amount\": 10}"));
        assertEquals(1000, agent(grandchild).spent());
        assertEquals(3000, agent(child).held());
        assertEquals(1000, agent(child).spent());
        assertEquals(9000, agent(g.agent).held());
        assertEquals(1000, agent(g.agent).spent());
        assertEquals(10000, accountTotal());
        assertEquals("30.00", lease(l2.get("lease_id").asText()).get("remaining").asText());

        // Close the outer lease first: the inner one keeps running on what it already holds.
        assertEquals("60.00", ok(200, g.owner("POST", "/v1/spend-guard/budget-leases/" + l1 + "/release", null))
                .get("released_amount").asText());
        assertEquals(3000, agent(g.agent).held());
        assertEquals(4000, accountTotal());
        ok(201, as(grandchild, "POST", "/v1/spend-guard/reservations", "{\"amount\": 5, \"category\": \"api\"}"));
        assertEquals(403, as(grandchild, "POST", "/v1/spend-guard/budget-leases/" + l2.get("lease_id").asText() + "/release", null)
                .status(), "only the parent (or the owner) releases");
        ok(200, as(child, "POST", "/v1/spend-guard/budget-leases/" + l2.get("lease_id").asText() + "/release", null));
        assertEquals(500, agent(g.agent).held(), "only the grandchild's open hold is still held up the family");
        assertEquals(500, agent(child).held());
        assertEquals(1500, accountTotal());
        assertFamilyExact();
    }

    @Test
    void expiryReleasesTheLeaseOnceAndRacesWithReleaseHaveOneOutcome() throws Exception {
        String expires = world.purser.now().plus(Duration.ofHours(1)).toString();
        String id = ok(201, createLease(g.agent.id(), child.id(), "50", "\"expires_at\": \"" + expires + "\"")).get("lease_id").asText();
        ok(201, as(child, "POST", "/v1/spend-guard/reservations", "{\"amount\": 5, \"category\": \"api\", \"expires_in\": 604800}"));
        assertEquals(0, leases.sweep(world.purser.now(), 100), "not due yet");
        world.clock.advance(Duration.ofHours(2));
        // A draw after the expiry expires the lease on the spot; the child then spends as an ordinary agent.
        JsonNode late = ok(201, as(child, "POST", "/v1/spend-guard/reservations", "{\"amount\": 1, \"category\": \"api\"}"));
        assertTrue(late.get("lease_id") == null || late.get("lease_id").isNull());
        JsonNode expired = lease(id);
        assertEquals("expired", expired.get("status").asText());
        assertEquals("45.00", expired.get("released_amount").asText());
        assertEquals(500, agent(g.agent).held(), "only the child's open hold stays held on the parent");
        assertEquals(0, leases.sweep(world.purser.now(), 100));

        // 100 racing closers of one due lease (releases and sweeps together): one transition, an expiry.
        String id2 = ok(201, createLease(g.agent.id(), grandchild.id(), "20", "\"expires_at\": \""
                + world.purser.now().plusSeconds(60) + "\"")).get("lease_id").asText();
        String id3 = ok(201, createLease(g.agent.id(), child.id(), "20", null)).get("lease_id").asText();
        world.clock.advance(Duration.ofMinutes(2));
        int[] wins = race(100, k -> k % 2 == 0
                ? (g.owner("POST", "/v1/spend-guard/budget-leases/" + id2 + "/release", null).status() == 200 ? 1 : 0)
                : (leases.sweep(world.purser.now(), 10) > 0 ? 1 : 0));
        assertEquals(0, wins[0], "a due lease is expired, not released");
        assertEquals("expired", lease(id2).get("status").asText());
        assertEquals(1, countEvents("lease.expired", id2));
        // 100 racing releases of one active lease: one 200.
        int[] rel = race(100, k -> g.owner("POST", "/v1/spend-guard/budget-leases/" + id3 + "/release", null).status() == 200 ? 1 : 0);
        assertEquals(1, rel[0] + rel[1]);
        assertEquals(1, countEvents("lease.released", id3));
        assertFamilyExact();
    }

    /** 50 concurrent reservations and captures by a leased child: never beyond the lease; counters exact. */
    @Test
    void aHammeredChildNeverExceedsItsLease() throws Exception {
        String id = ok(201, createLease(g.agent.id(), child.id(), "100", null)).get("lease_id").asText();
        Random random = new Random(1414);
        long[] amounts = new long[50];
        for (int i = 0; i < 50; i++) amounts[i] = 100 + random.nextInt(900);
        int[] created = race(50, k -> {
            Resp r = as(child, "POST", "/v1/spend-guard/reservations",
                    "{\"amount\": " + dev.purser.money.Money.plain(amounts[k]) + ", \"category\": \"api\"}");
            if (r.status() == 201 && k % 3 == 0) {
                as(child, "POST", "/v1/spend-guard/reservations/" + r.json().get("reservation_id").asText() + "/capture",
                        "{\"amount\": " + dev.purser.money.Money.plain(amounts[k] / 2) + "}");
            }
            assertTrue(r.status() == 201 || r.status() == 409 || r.status() == 503, r.toString());
            return r.status() == 201 ? 1 : 0;
        });
        assertTrue(created[0] + created[1] > 5, "some fit");
        JsonNode l = lease(id);
        long held = minor(l, "held");
        long spent = minor(l, "spent");
        long remaining = minor(l, "remaining");
        assertEquals(10000, held + spent + remaining);
        assertTrue(remaining >= 0);
        long childCounted = 0;
        for (var item : items("RESERVATION#")) {
            if (!child.id().equals(Attr.str(item, "agent_id"))) continue;
            String st = Attr.str(item, "status");
            childCounted += st.equals("held") ? Attr.num(item, "amount") : st.equals("captured") ? Attr.num(item, "captured") : 0;
        }
        assertEquals(held + spent, childCounted, "the lease's figures are the child's reservations");
        assertTrue(childCounted <= 10000, "never beyond the lease");
        assertEquals(childCounted, dayUsed(Keys.agent(child.id())));
        assertFamilyExact();
    }

    /** The parent's and account's counters equal the sum over the items that weigh in them. */
    void assertFamilyExact() {
        Guarded.LeaseWeights leases = g.leaseWeights();
        long accountWeight = leases.account();
        long parentHeld = leases.parentHeld();
        long parentSpent = leases.parentSpent();
        for (var item : items("RESERVATION#")) {
            String st = Attr.str(item, "status");
            long counted = st.equals("held") ? Attr.num(item, "amount") : st.equals("captured") ? Attr.num(item, "captured") : 0;
            if (Attr.str(item, "lease_id") == null) {
                accountWeight += counted;
                if (g.agent.id().equals(Attr.str(item, "agent_id"))) {
                    if (st.equals("held")) parentHeld += counted;
                    else parentSpent += counted;
                }
            }
        }
        Agent parent = agent(g.agent);
        assertEquals(parentHeld, parent.held(), "parent held");
        assertEquals(parentSpent, parent.spent(), "parent spent");
        assertEquals(accountWeight, accountTotal(), "account totals");
        assertEquals(accountWeight, dayUsed(Keys.account(g.account.id())), "account day window");
    }

    interface Call {
        int run(int k) throws Exception;
    }

    /** Runs n calls at once; [sum of even-indexed results, sum of odd-indexed results]. */
    int[] race(int n, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            fs.add(pool.submit((Callable<Integer>) () -> {
                go.await();
                return call.run(k);
            }));
        }
        go.countDown();
        int[] out = new int[2];
        for (int i = 0; i < n; i++) out[i % 2] += fs.get(i).get();
        pool.shutdown();
        return out;
    }

    List<Map<String, AttributeValue>> items(String pkPrefix) {
        return g.items(pkPrefix);
    }

    List<String> leaseEvents() {
        List<String> out = new ArrayList<>();
        for (var item : items("EVENT#")) {
            String t = Attr.str(item, "type");
            if (t != null && t.startsWith("lease.")) out.add(t);
        }
        out.sort(null);
        return out;
    }

    int countEvents(String type, String leaseId) {
        int n = 0;
        for (var item : items("EVENT#")) {
            if (type.equals(Attr.str(item, "type")) && String.valueOf(Attr.str(item, "envelope")).contains(leaseId)) n++;
        }
        return n;
    }
}
