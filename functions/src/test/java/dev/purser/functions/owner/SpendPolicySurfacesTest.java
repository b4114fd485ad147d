package dev.purser.functions.owner;

import static dev.purser.functions.owner.Owner.error;
import static dev.purser.functions.owner.Owner.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.http.Route;
import dev.purser.testing.WithLocalAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ShadowPay's spend policy and approval queue, and Proxy's registration limits, on DynamoDB Local. */
@WithLocalAws
class SpendPolicySurfacesTest {
    final World world = new World();
    final Owner owner = new Owner(world);
    final JsonNode reg = owner.register(null, "1000", null);
    final String agentId = reg.get("agent_id").asText();
    final String token = reg.get("token").asText();
    final String path = "/v1/agents/" + agentId + "/spend-policy";

    static final String FULL = """
            {"daily_limit_usdc": 500.00, "per_transaction_limit_usdc": 50.00,
             "allowed_recipients": ["api.market", "*.anthropic.com"], "assets": ["USDC"],
             "active_hours": "00:00-23:59", "hitl_threshold_usdc": 25.00}""";

    Resp spend(String amount, String merchant) {
        return world.api.agentPost("/requests", token,
                "{\"amount\": \"" + amount + "\", \"category\": \"groceries\", \"merchant_name\": \"" + merchant + "\"}");
    }

    static String status(Resp r) {
        assertEquals(201, r.status(), r.toString());
        return r.json().get("status").asText();
    }

    @Test
    void getAndPatchRoundTripThroughTheOnePolicy() {
        JsonNode fresh = ok(200, owner.get(path));
        assertEquals("policy_" + agentId.substring("agent_".length()), fresh.get("policy_id").asText());
        assertTrue(fresh.get("daily_limit_usdc").isNull());
        assertTrue(fresh.get("allowed_recipients").isNull());
        assertEquals("0.00", fresh.get("hitl_threshold_usdc").toString(), "no auto-approve: a human approves everything");

        JsonNode patched = ok(200, owner.patch(path, FULL));
        assertEquals("500.00", patched.get("daily_limit_usdc").toString(), "a JSON number, exact");
        assertTrue(patched.get("daily_limit_usdc").isNumber());
        assertEquals("50.00", patched.get("per_transaction_limit_usdc").toString());
        assertEquals("[\"api.market\",\"*.anthropic.com\"]", patched.get("allowed_recipients").toString());
        assertEquals("[\"USDC\"]", patched.get("assets").toString());
        assertEquals("00:00-23:59", patched.get("active_hours").asText());
        assertEquals("25.00", patched.get("hitl_threshold_usdc").toString());
        assertTrue(patched.get("updated_at").isTextual());

        JsonNode policy = ok(200, owner.get("/v1/agents/" + agentId + "/policy")).get("policy");
        assertEquals("500.00", policy.get("daily_limit").asText());
        assertEquals("50.00", policy.get("per_request_limit").asText());
        assertEquals("*.anthropic.com", policy.get("allowed_merchants").get(1).asText());
        assertEquals("00:00-23:59", policy.get("schedule").get("default").get("allow").asText());
        assertEquals("America/New_York", policy.get("schedule").get("timezone").asText());
        assertEquals("25.00", policy.get("auto_approve").get("max_amount").asText());
        assertTrue(policy.get("auto_approve").get("enabled").asBoolean());

        // Partial: only the fields sent change; strings are read as exact decimals too.
        JsonNode partial = ok(200, owner.patch(path, "{\"per_transaction_limit_usdc\": 75.00, \"hitl_threshold_usdc\": \"40.1\"}"));
        assertEquals("75.00", partial.get("per_transaction_limit_usdc").toString());
        assertEquals("40.10", partial.get("hitl_threshold_usdc").toString());
        assertEquals("500.00", partial.get("daily_limit_usdc").toString());
        assertEquals(partial.get("allowed_recipients"), patched.get("allowed_recipients"));
        assertEquals(partial, ok(200, owner.get(path)));

        // null clears: no threshold = no human in the loop; recipients open again.
        JsonNode cleared = ok(200, owner.patch(path, "{\"hitl_threshold_usdc\": null, \"allowed_recipients\": null, \"active_hours\": null}"));
        assertTrue(cleared.get("hitl_threshold_usdc").isNull());
        assertTrue(cleared.get("allowed_recipients").isNull());
        assertTrue(cleared.get("active_hours").isNull());
        assertFalse(ok(200, owner.get("/v1/agents/" + agentId + "/policy")).get("policy").has("schedule"));
    }

    @Test
    void theEngineDecidesByTheMappedPolicy() {
        ok(200, owner.patch(path, FULL));
        assertEquals("auto_approved", status(spend("10.00", "api.market")));
        assertEquals("pending", status(spend("30.00", "console.anthropic.com")), "above the HITL threshold");
        Resp tooBig = spend("60.00", "api.market");
        assertEquals("rejected", status(tooBig));
        assertTrue(tooBig.json().toString().contains("60.00 > 50.00"), tooBig.toString());
        assertEquals("rejected", status(spend("5.00", "evil.example")), "not an allowed recipient");
    }

    @Test
    void badInputIsA400InvalidPolicyAndChangesNothing() {
        ok(200, owner.patch(path, FULL));
        JsonNode before = ok(200, owner.get(path));
        String[][] cases = {
                {"{\"daily_limit_usdc\": -1}", "daily_limit_usdc"},
                {"{\"per_transaction_limit_usdc\": 1.005}", "per_transaction_limit_usdc"},
                {"{\"per_transaction_limit_usdc\": \"ten\"}", "per_transaction_limit_usdc"},
                {"{\"hitl_threshold_usdc\": 10000000}", "hitl_threshold_usdc"},
                {"{\"active_hours\": \"25:00-26:00\"}", "active_hours"},
                {"{\"allowed_recipients\": \"api.market\"}", "allowed_recipients"},
                {"{\"allowed_recipients\": [\"a*b.com\"]}", "allowed_recipients[0]"},
                {"{\"assets\": [\"SOL\"]}", "assets"},
                {"{\"assets\": [5]}", "assets[0]"},
                {"{\"daily_limit\": 5}", "daily_limit"},
                {"[1]", "body"},
                {"not json", "body"},
        };
        for (String[] c : cases) {
            JsonNode e = error(400, "invalid_policy", owner.patch(path, c[0]));
            assertEquals(c[1], e.get("field").asText(), c[0]);
            assertTrue(e.get("detail").asText().startsWith(c[1]), e.toString());
        }
        // Two problems at once: both listed, nothing applied (the valid one neither).
        JsonNode two = error(400, "invalid_policy", owner.patch(path, "{\"daily_limit_usdc\": 1, \"assets\": [\"SOL\"], \"active_hours\": \"x\"}"));
        assertEquals(2, two.get("errors").size());
        assertEquals(before, ok(200, owner.get(path)));
    }

    @Test
    void anotherAccountsOrAnUnknownAgentIsNotTheCallersAndSays403() {
        Owner stranger = new Owner(world);
        error(403, "not_agent_owner", stranger.get(path));
        error(403, "not_agent_owner", stranger.patch(path, "{\"daily_limit_usdc\": 1}"));
        error(403, "not_agent_owner", owner.get("/v1/agents/agent_nope/spend-policy"));
        assertTrue(ok(200, owner.get(path)).get("daily_limit_usdc").isNull(), "the stranger changed nothing");
    }

    @Test
    void theLiteralTransactionsSegmentWinsOverTheAgentId() {
        var m = Route.match("GET", "/v1/agents/transactions/pending");
        assertEquals(Route.OWNER_PENDING_TRANSACTIONS, ((Route.Match.Found) m).route());
        var a = Route.match("POST", "/v1/agents/transactions/req_1/approve");
        assertEquals(Route.OWNER_APPROVE_TRANSACTION, ((Route.Match.Found) a).route());
        var sp = Route.match("GET", "/v1/agents/transactions/spend-policy");
        assertEquals(Route.OWNER_GET_SPEND_POLICY, ((Route.Match.Found) sp).route(), "an agent id that happens to read transactions");
        error(403, "not_agent_owner", owner.get("/v1/agents/transactions/spend-policy"));
        error(404, "agent_not_found", owner.get("/v1/agents/transactions"));
    }

    @Test
    void pendingListApproveAndRejectWithTheSeedsCodes() {
        ok(200, owner.patch(path, FULL));
        Resp first = spend("30.00", "api.market");
        world.clock.advance(Duration.ofSeconds(1));
        Resp second = spend("31.00", "console.anthropic.com");
        world.clock.advance(Duration.ofSeconds(1));
        spend("5.00", "api.market"); // auto-approved: never listed
        String a = first.json().get("request_id").asText();
        String b = second.json().get("request_id").asText();

        JsonNode pending = ok(200, owner.get("/v1/agents/transactions/pending")).get("pending");
        assertEquals(2, pending.size());
        JsonNode newest = pending.get(0);
        assertEquals(b, newest.get("transaction_id").asText());
        assertEquals(agentId, newest.get("agent").asText());
        assertEquals("console.anthropic.com", newest.get("to").asText());
        assertTrue(newest.get("requested_at").asText().endsWith("Z"));
        assertTrue(newest.get("expires_at").asText().endsWith("Z"));
        assertEquals("31.00", newest.get("amount").asText());
        assertTrue(new Owner(world).get("/v1/agents/transactions/pending").json().get("pending").isEmpty(), "tenancy");

        assertEquals(6_100, world.agents.get(agentId).held());
        JsonNode approved = ok(200, owner.post("/v1/agents/transactions/" + a + "/approve", null));
        assertEquals("approved", approved.get("status").asText());
        assertEquals(a, approved.get("transaction_id").asText());
        error(404, "transaction_not_found", owner.post("/v1/agents/transactions/" + a + "/approve", null));
        error(404, "transaction_not_found", owner.post("/v1/agents/transactions/" + a + "/reject", null));
        error(404, "transaction_not_found", owner.post("/v1/agents/transactions/req_nope/approve", null));
        error(404, "transaction_not_found", new Owner(world).post("/v1/agents/transactions/" + b + "/approve", null));
        JsonNode rejected = ok(200, owner.post("/v1/agents/transactions/" + b + "/reject", "{\"reason\": \"no\"}"));
        assertEquals("rejected", rejected.get("status").asText());
        assertEquals("no", rejected.get("review_reason").asText());
        var agent = world.agents.get(agentId);
        assertEquals(0, agent.held());
        assertEquals(3_000 + 500, agent.spent());
        assertTrue(ok(200, owner.get("/v1/agents/transactions/pending")).get("pending").isEmpty());

        // Same hold/expiry semantics as the review flow: past expiry → 409, hold released.
        String c = spend("40.00", "api.market").json().get("request_id").asText();
        world.clock.advance(Duration.ofMinutes(31));
        assertTrue(ok(200, owner.get("/v1/agents/transactions/pending")).get("pending").isEmpty(), "expired is not pending");
        error(409, "transaction_expired", owner.post("/v1/agents/transactions/" + c + "/approve", null));
        error(409, "transaction_expired", owner.post("/v1/agents/transactions/" + c + "/reject", null));
        assertEquals(0, world.agents.get(agentId).held());
        assertEquals("expired", ok(200, owner.get("/v1/requests/" + c)).get("status").asText());
    }

    @Test
    void proxyRegistrationLimitsMapOntoThePolicyAndEchoBack() {
        JsonNode monthly = ok(201, owner.post("/v1/agents/register", """
                {"name": "Shopping Agent", "external_id": "my-shopping-agent", "budget": "1000",
                 "policy": {"auto_approve": {"enabled": true}},
                 "spendingLimit": 50000, "spendingLimitFrequency": "perMonth"}"""));
        String id = monthly.get("agent_id").asText();
        assertEquals(50000, monthly.get("spendingLimit").asLong());
        assertEquals("perMonth", monthly.get("spendingLimitFrequency").asText());
        assertEquals(0, monthly.get("currentSpend").asLong());
        assertEquals("500.00", monthly.get("policy").get("monthly_limit").asText());

        String agentToken = monthly.get("token").asText();
        Resp r = world.api.agentPost("/requests", agentToken, "{\"amount\": 12.34, \"category\": \"groceries\"}");
        assertEquals("auto_approved", r.json().get("status").asText(), r.toString());
        assertEquals(1234, ok(200, owner.get("/v1/agents/" + id)).get("currentSpend").asLong());

        JsonNode rolling = ok(200, owner.patch("/v1/agents/" + id, "{\"spendingLimitFrequency\": \"per24HourPeriod\"}"));
        assertEquals("500.00", rolling.get("policy").get("rolling_24h_limit").asText());
        assertFalse(rolling.get("policy").has("monthly_limit"), "the limit moved");
        assertEquals(50000, rolling.get("spendingLimit").asLong());
        assertEquals(1234, rolling.get("currentSpend").asLong(), "the rolling window saw the spend");

        JsonNode yearly = ok(200, owner.patch("/v1/agents/" + id, "{\"spendingLimit\": 1000, \"spendingLimitFrequency\": \"perYear\"}"));
        assertEquals("10.00", yearly.get("policy").get("yearly_limit").asText());
        assertFalse(yearly.get("policy").has("rolling_24h_limit"));
        Resp over = world.api.agentPost("/requests", agentToken, "{\"amount\": 9, \"category\": \"groceries\"}");
        assertEquals("rejected", over.json().get("status").asText(), "12.34 + 9 > 10.00 this year");

        JsonNode perTx = ok(200, owner.patch("/v1/agents/" + id, "{\"spendingLimit\": 700, \"spendingLimitFrequency\": \"perTransaction\"}"));
        assertEquals("7.00", perTx.get("policy").get("per_request_limit").asText());
        assertEquals(0, perTx.get("currentSpend").asLong());

        JsonNode allTime = ok(201, owner.post("/v1/agents/register",
                "{\"name\": \"b\", \"spendingLimit\": 2500, \"spendingLimitFrequency\": \"allTime\"}"));
        assertEquals("25.00", allTime.get("budget").asText());
        assertEquals(2500, allTime.get("spendingLimit").asLong());
        assertEquals("allTime", allTime.get("spendingLimitFrequency").asText());

        JsonNode weekly = ok(201, owner.post("/v1/agents/register",
                "{\"name\": \"w\", \"spendingLimit\": 100, \"spendingLimitFrequency\": \"perWeek\"}"));
        assertEquals("1.00", weekly.get("policy").get("weekly_limit").asText());

        // Removal, and bad input that changes nothing.
        JsonNode before = ok(200, owner.get("/v1/agents/" + id));
        error(422, "validation_error", owner.patch("/v1/agents/" + id, "{\"spendingLimit\": 10.5}"));
        error(422, "validation_error", owner.patch("/v1/agents/" + id, "{\"spendingLimit\": -1}"));
        error(422, "validation_error", owner.patch("/v1/agents/" + id, "{\"spendingLimit\": 1, \"spendingLimitFrequency\": \"daily\"}"));
        error(422, "validation_error", owner.post("/v1/agents/register", "{\"name\": \"x\", \"spendingLimitFrequency\": \"perWeek\"}"));
        JsonNode after = ok(200, owner.get("/v1/agents/" + id));
        assertEquals(before.get("policy"), after.get("policy"));
        assertEquals(before.get("updated_at"), after.get("updated_at"));
        JsonNode removed = ok(200, owner.patch("/v1/agents/" + id, "{\"spendingLimit\": null}"));
        assertTrue(removed.get("spendingLimit").isNull());
        assertFalse(removed.get("policy").has("per_request_limit"));
        assertFalse(removed.get("policy").has("spending_limit_frequency"));
    }

    @Test
    void theSpendingViewShowsTheYearlyAndRollingWindows() {
        ok(200, owner.put("/v1/agents/" + agentId + "/policy",
                "{\"yearly_limit\": \"100.00\", \"rolling_24h_limit\": \"20.00\", \"auto_approve\": {\"enabled\": true}}"));
        assertEquals("auto_approved", status(spend("5.00", "Shop")));
        JsonNode w = ok(200, owner.get("/v1/agents/" + agentId + "/spending")).get("windows");
        assertEquals("2026", w.get("yearly").get("period").asText());
        assertEquals("95.00", w.get("yearly").get("remaining").asText());
        assertEquals("15.00", w.get("rolling_24h").get("remaining").asText());
        assertEquals("2026-11-22T15:00:00Z/2026-11-23T16:00:00Z", w.get("rolling_24h").get("period").asText());
        List<String> bad = new ArrayList<>();
        for (String body : new String[] {"{\"rolling_24h_limit\": -1}", "{\"yearly_limit\": \"1.001\"}"}) {
            Resp r = owner.put("/v1/agents/" + agentId + "/policy", body);
            if (r.status() != 422) bad.add(body + " → " + r);
        }
        assertTrue(bad.isEmpty(), bad.toString());
    }
}
