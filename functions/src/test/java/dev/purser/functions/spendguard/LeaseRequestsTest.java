package dev.purser.functions.spendguard;

import static dev.purser.functions.spendguard.Guarded.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.accounts.Agent;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.money.Money;
import dev.purser.requests.ExpirySweep;
import dev.purser.store.Attr;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.testing.WithLocalAws;
import dev.purser.time.Windows;
import java.math.BigDecimal;
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
 * A leased child's PURCHASE REQUESTS (the Agent API) draw from its budget lease exactly as its
 * reservations do (docs/invariants.md §11): decided on its policy ∩ the lease's ceiling plus the
 * {@code lease} check, the draw in the request's own transaction, every transition moving the lease
 * and the parent's side, and a hammered child never beyond its lease.
 */
@WithLocalAws
class LeaseRequestsTest {
    static final String PARENT_POLICY = "{\"daily_limit\": 500, \"per_request_limit\": 100, "
            + "\"allowed_categories\": [\"api\", \"tools\"], \"auto_approve\": {\"enabled\": true, \"max_amount\": 100}}";
    /** Auto-approves up to 10.00, so larger requests are pending: both kinds of draw. */
    static final String CHILD_POLICY = "{\"auto_approve\": {\"enabled\": true, \"max_amount\": 10}}";
    final World world = new World();
    final Guarded g = new Guarded(world, 1000, PARENT_POLICY);
    final World.TestAgent child = world.agent(g.account, 1000, CHILD_POLICY);
    final World.TestAgent loner = world.agent(g.account, 1000, CHILD_POLICY);

    String createLease(String amount) {
        return ok(201, g.owner("POST", "/v1/spend-guard/budget-leases", "{\"parent_agent\": \"" + g.agent.id()
                + "\", \"child_agent\": \"" + child.id() + "\", \"amount\": " + amount + "}")).get("lease_id").asText();
    }

    Resp request(World.TestAgent a, long minor, String category) {
        return world.api.agentPost("/requests", a.token(), "{\"amount\": " + Money.plain(minor)
                + ", \"category\": \"" + category + "\", \"merchant_name\": \"Shop\"}");
    }

    JsonNode lease(String id) {
        return ok(200, g.owner("GET", "/v1/spend-guard/budget-leases/" + id, null));
    }

    long minor(JsonNode n, String f) {
        return Money.toMinor(new BigDecimal(n.get(f).asText()));
    }

    /** [held, spent, remaining] of the lease. */
    long[] figures(String id) {
        JsonNode l = lease(id);
        return new long[] {minor(l, "held"), minor(l, "spent"), minor(l, "remaining")};
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

    static JsonNode check(JsonNode created, String rule) {
        for (JsonNode c : created.get("policy_check").get("checks")) if (rule.equals(c.get("rule").asText())) return c;
        return null;
    }

    @Test
    void requestsDrawTheLeaseAndEveryTransitionMovesIt() {
        String id = createLease("100");
        assertEquals(10000, accountTotal());

        // Auto-approved: a spend from the lease; the parent's hold becomes its spend; the account unchanged.
        JsonNode auto = ok(201, request(child, 500, "api"));
        assertEquals("auto_approved", auto.get("status").asText(), auto.toString());
        assertEquals("pass", check(auto, "lease").get("result").asText());
        assertEquals(List.of(0L, 500L, 9500L), List.of(box(figures(id))));
        assertEquals(9500, agent(g.agent).held());
        assertEquals(500, agent(g.agent).spent());
        assertEquals(500, agent(child).spent(), "the child's own budget counts it too");
        assertEquals(500, dayUsed(Keys.agent(child.id())));
        assertEquals(10000, accountTotal(), "counted once, through the lease");
        assertEquals(10000, dayUsed(Keys.account(g.account.id())));

        // The lease's ceiling is the parent's policy: its categories and per-request limit bind the child.
        assertEquals("rejected", ok(201, request(child, 500, "travel")).get("status").asText());
        assertEquals("rejected", ok(201, request(child, 10100, "api")).get("status").asText());

        // Pending: a hold in the lease. Approve: the hold becomes spend.
        String approved = ok(201, request(child, 2000, "api")).get("request_id").asText();
        assertEquals(List.of(2000L, 500L, 7500L), List.of(box(figures(id))));
        ok(200, g.owner("POST", "/v1/requests/" + approved + "/approve", null));
        assertEquals(List.of(0L, 2500L, 7500L), List.of(box(figures(id))));
        assertEquals(7500, agent(g.agent).held());
        assertEquals(2500, agent(g.agent).spent());

        // Reject: the hold goes back to the lease.
        JsonNode toReject = ok(201, request(child, 3000, "api"));
        assertEquals("pending", toReject.get("status").asText(), toReject.toString());
        String rejected = toReject.get("request_id").asText();
        assertEquals(List.of(3000L, 2500L, 4500L), List.of(box(figures(id))));
        ok(200, g.owner("POST", "/v1/requests/" + rejected + "/reject", "{\"reason\": \"no\"}"));
        assertEquals(List.of(0L, 2500L, 7500L), List.of(box(figures(id))));

        // Expire (the sweep): the same.
        JsonNode expiringBody = ok(201, request(child, 3000, "api"));
        assertEquals("pending", expiringBody.get("status").asText(), expiringBody.toString());
        String expiring = expiringBody.get("request_id").asText();
        assertEquals(List.of(3000L, 2500L, 4500L), List.of(box(figures(id))));
        // The sweep runs as if a week later (the clock stays, so today's windows stay comparable).
        assertEquals(1, new ExpirySweep(world.purser.queries(), world.purser.lifecycle())
                .sweep(world.purser.now().plus(Duration.ofDays(8)), 100).expired());
        assertEquals(List.of(0L, 2500L, 7500L), List.of(box(figures(id))));
        assertFamilyExact();

        // Confirm with a smaller actual amount: the lease's spend follows it; a failure refunds it whole.
        String autoId = auto.get("request_id").asText();
        ok(200, world.api.agentPost("/requests/" + autoId + "/confirm", child.token(), "{\"success\": true, \"actual_amount\": 3}"));
        assertEquals(List.of(0L, 2300L, 7700L), List.of(box(figures(id))));
        ok(200, world.api.agentPost("/requests/" + approved + "/confirm", child.token(), "{\"success\": false}"));
        assertEquals(List.of(0L, 300L, 9700L), List.of(box(figures(id))));
        assertEquals(9700, agent(g.agent).held());
        assertEquals(300, agent(g.agent).spent());
        assertEquals(300, agent(child).spent());
        assertFamilyExact();

        // Beyond the lease's remaining: rejected with the lease check, nothing drawn.
        String more = ok(201, request(child, 900, "api")).get("request_id").asText();
        ok(200, world.api.agentPost("/requests/" + more + "/confirm", child.token(), "{\"success\": true, \"actual_amount\": 12}"));
        assertEquals(List.of(0L, 1500L, 8500L), List.of(box(figures(id))), "an actual amount above the request draws the excess");
        JsonNode over = ok(201, request(child, 8600, "api"));
        assertEquals("rejected", over.get("status").asText());
        JsonNode leaseCheck = check(over, "lease");
        assertEquals("fail", leaseCheck.get("result").asText());
        assertTrue(leaseCheck.get("detail").asText().contains("85.00"), leaseCheck.toString());
        assertEquals(List.of(0L, 1500L, 8500L), List.of(box(figures(id))));
        assertFamilyExact();

        // An actual amount whose excess does not fit the lease is refused and changes nothing.
        String tooMuch = ok(201, request(child, 900, "api")).get("request_id").asText();
        Resp refused = world.api.agentPost("/requests/" + tooMuch + "/confirm", child.token(),
                "{\"success\": true, \"actual_amount\": 95}");
        assertEquals(409, refused.status(), refused.toString());
        assertTrue(refused.detail().contains("budget lease"), refused.toString());
        assertEquals(List.of(0L, 2400L, 7600L), List.of(box(figures(id))));
        assertEquals("auto_approved", ok(200, world.api.agentGet("/requests/" + tooMuch, child.token())).get("status").asText());
        assertFamilyExact();

        // After release the child is an ordinary agent again: no lease check, counted at account level.
        ok(200, g.owner("POST", "/v1/spend-guard/budget-leases/" + id + "/release", null));
        long before = accountTotal();
        JsonNode plain = ok(201, request(child, 500, "travel"));
        assertEquals("auto_approved", plain.get("status").asText());
        assertNull(check(plain, "lease"));
        assertEquals(before + 500, accountTotal());
        assertFamilyExact();
    }

    @Test
    void holdsLeftOpenAtReleaseResolveAgainstTheClosedLease() {
        String id = createLease("100");
        String approve = ok(201, request(child, 2000, "api")).get("request_id").asText();
        String reject = ok(201, request(child, 3000, "api")).get("request_id").asText();
        assertEquals(List.of(5000L, 0L, 5000L), List.of(box(figures(id))));
        ok(200, g.owner("POST", "/v1/spend-guard/budget-leases/" + id + "/release", null));
        assertEquals(List.of(5000L, 0L, 0L), List.of(box(figures(id))));
        assertEquals(5000, agent(g.agent).held(), "the open holds stay on the parent");
        assertFamilyExact();
        ok(200, g.owner("POST", "/v1/requests/" + approve + "/approve", null));
        ok(200, g.owner("POST", "/v1/requests/" + reject + "/reject", null));
        assertEquals(List.of(0L, 2000L, 0L), List.of(box(figures(id))));
        assertEquals(0, agent(g.agent).held());
        assertEquals(2000, agent(g.agent).spent());
        assertFamilyExact();
    }

    @Test
    void aGrandchildsRequestConvertsEveryLevel() {
        String id = createLease("100");
        String sub = ok(201, g.owner("POST", "/v1/spend-guard/budget-leases", "{\"parent_agent\": \"" + child.id()
                + "\", \"child_agent\": \"" + loner.id() + "\", \"amount\": 30}")).get("lease_id").asText();
        assertEquals(List.of(3000L, 0L, 7000L), List.of(box(figures(id))));
        JsonNode r = ok(201, request(loner, 500, "api"));
        assertEquals("auto_approved", r.get("status").asText(), r.toString());
        assertEquals(List.of(0L, 500L, 2500L), List.of(box(figures(sub))));
        assertEquals(List.of(2500L, 500L, 7000L), List.of(box(figures(id))));
        assertEquals(2500, agent(child).held());
        assertEquals(500, agent(child).spent());
        JsonNode over = ok(201, request(loner, 2600, "api"));
        assertEquals("rejected", over.get("status").asText());
        assertEquals("fail", check(over, "lease").get("result").asText());
        String pending = ok(201, request(loner, 2000, "api")).get("request_id").asText();
        ok(200, g.owner("POST", "/v1/requests/" + pending + "/approve", null));
        assertEquals(List.of(0L, 2500L, 500L), List.of(box(figures(sub))));
        assertEquals(List.of(500L, 2500L, 7000L), List.of(box(figures(id))));
        assertEquals(7500, agent(g.agent).held());
        assertEquals(2500, agent(g.agent).spent());
        assertFamilyExact();
    }

    @Test
    void aChildWithoutALeaseIsUnchanged() {
        createLease("100");
        long before = accountTotal();
        JsonNode r = ok(201, request(loner, 500, "travel"));
        assertEquals("auto_approved", r.get("status").asText());
        assertNull(check(r, "lease"));
        assertEquals(before + 500, accountTotal());
        assertEquals(500, dayUsed(Keys.agent(loner.id())));
        for (var item : items("REQUEST#")) {
            if (loner.id().equals(Attr.str(item, "agent_id"))) assertNull(Attr.str(item, "lease_id"));
        }
        assertFamilyExact();
    }

    @Test
    void aHammeredChildNeverExceedsItsLease() throws Exception {
        String id = createLease("100");
        Random random = new Random(1415);
        long[] amounts = new long[50];
        // Half auto-approved (≤ 10.00), half pending (above): spends and holds racing for one lease.
        for (int i = 0; i < 50; i++) amounts[i] = i % 2 == 0 ? 100 + random.nextInt(900) : 1001 + random.nextInt(2000);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Resp>> fs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int k = i;
            fs.add(pool.submit((Callable<Resp>) () -> {
                go.await();
                return request(child, amounts[k], "api");
            }));
        }
        go.countDown();
        int accepted = 0;
        for (Future<Resp> f : fs) {
            Resp r = f.get();
            assertTrue(r.status() == 201 || r.status() == 409 || r.status() == 503, r.toString());
            if (r.status() == 201 && !"rejected".equals(r.json().get("status").asText())) accepted++;
        }
        pool.shutdown();
        assertTrue(accepted > 5, "some fit: " + accepted);

        long[] f = figures(id);
        assertEquals(10000, f[0] + f[1] + f[2], "held + spent + remaining = amount");
        assertTrue(f[2] >= 0);
        long held = 0;
        long spent = 0;
        for (var item : items("REQUEST#")) {
            if (!child.id().equals(Attr.str(item, "agent_id"))) continue;
            String st = Attr.str(item, "status");
            if (!st.equals("rejected")) assertEquals(id, Attr.str(item, "lease_id"));
            if (st.equals("pending")) held += Attr.num(item, "amount");
            if (st.equals("auto_approved")) spent += Attr.num(item, "amount");
        }
        assertEquals(held, f[0], "the lease's held is the child's pending requests");
        assertEquals(spent, f[1], "the lease's spent is the child's accepted requests");
        assertTrue(held + spent <= 10000, "never beyond the lease");
        assertEquals(held + spent, dayUsed(Keys.agent(child.id())));
        assertEquals(held, agent(child).held());
        assertEquals(spent, agent(child).spent());
        assertFamilyExact();
    }

    static Long[] box(long[] a) {
        Long[] out = new Long[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i];
        return out;
    }

    /** What a request weighs in its counters: its hold or spend, 0 once released. */
    static long counted(Map<String, AttributeValue> item) {
        String st = Attr.str(item, "status");
        return switch (st) {
            case "pending", "approved", "auto_approved" -> Attr.num(item, "amount");
            case "completed" -> item.containsKey("actual_amount") ? Attr.num(item, "actual_amount") : Attr.num(item, "amount");
            default -> 0;
        };
    }

    /** The parent's and account's counters equal the sums over the leases and requests that weigh in them. */
    void assertFamilyExact() {
        Guarded.LeaseWeights leases = g.leaseWeights();
        long accountWeight = leases.account();
        long parentHeld = leases.parentHeld();
        long parentSpent = leases.parentSpent();
        long accountDay = accountWeight;
        for (var item : items("REQUEST#")) {
            if (Attr.str(item, "lease_id") != null) continue;
            long c = counted(item);
            accountWeight += c;
            accountDay += c;
        }
        Agent parent = agent(g.agent);
        assertEquals(parentHeld, parent.held(), "parent held");
        assertEquals(parentSpent, parent.spent(), "parent spent");
        assertEquals(parentHeld + parentSpent, dayUsed(Keys.agent(g.agent.id())), "parent day window");
        assertEquals(accountWeight, accountTotal(), "account totals");
        assertEquals(accountDay, dayUsed(Keys.account(g.account.id())), "account day window");
    }

    List<Map<String, AttributeValue>> items(String pkPrefix) {
        return g.items(pkPrefix);
    }
}
