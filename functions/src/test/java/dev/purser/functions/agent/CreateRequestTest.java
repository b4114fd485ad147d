package dev.purser.functions.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.accounts.Account;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@WithLocalAws
class CreateRequestTest {
    static final String FIXTURE_POLICY = """
            {"daily_limit": 5000, "per_request_limit": 2000,
             "allowed_categories": ["groceries", "food_delivery", "subscriptions", "other"],
             "auto_approve": {"enabled": true, "max_amount": 500}}""";

    final World world = new World();
    final Account account = world.account();

    @Test
    void autoApprovedPendingAndRejectedAreAll201WithExplainedChecks() {
        var agent = world.agent(account, 10_000, FIXTURE_POLICY);

        Resp auto = world.api.agentPost("/requests", agent.token(), "{\"amount\": \"100.00\", \"category\": \"groceries\"}");
        assertEquals(201, auto.status(), auto.toString());
        JsonNode a = auto.json();
        assertEquals("auto_approved", a.get("status").asText());
        assertTrue(a.get("auto_approved").asBoolean());
        assertEquals("9900.00", a.get("budget_remaining").asText());
        assertTrue(a.get("expires_at").isNull());
        assertEquals("USD", a.get("currency").asText());
        assertEquals("groceries", a.get("category").asText());
        assertTrue(a.get("original_category").isNull());
        assertEquals(List.of("status", "category", "per_request_limit", "schedule", "daily_limit", "weekly_limit",
                "monthly_limit", "budget"), rules(a));
        assertEquals(List.of("groceries in allowed list", "100.00 <= 2000", "No schedule set", "100.00/5000 spent today",
                "No weekly limit set", "No monthly limit set", "10000.00 remaining >= 100.00"), details(a).subList(1, 8));

        Resp pending = world.api.agentPost("/requests", agent.token(), "{\"amount\": 600, \"category\": \"groceries\"}");
        assertEquals(201, pending.status());
        assertEquals("pending", pending.json().get("status").asText());
        assertTrue(pending.json().get("budget_remaining").isNull());
        assertEquals("2026-11-23T15:30:00Z", pending.json().get("expires_at").asText());

        Resp rejected = world.api.agentPost("/requests", agent.token(), "{\"amount\": 2500, \"category\": \"groceries\"}");
        assertEquals(201, rejected.status());
        JsonNode r = rejected.json();
        assertEquals("rejected", r.get("status").asText());
        assertFalse(r.get("policy_check").get("passed").asBoolean());
        assertEquals("fail", r.get("policy_check").get("checks").get(2).get("result").asText());
        assertEquals("2500 > 2000", r.get("policy_check").get("checks").get(2).get("detail").asText());

        var after = world.reload(agent);
        assertEquals(10_000, after.spent());
        assertEquals(60_000, after.held());
        assertEquals(1, after.pendingCount());
    }

    @Test
    void unknownCategoriesResolveThroughAliasesAndClosestMatch() {
        var agent = world.agent(account, 10_000, null);
        JsonNode alias = world.api.agentPost("/requests", agent.token(), "{\"amount\": 5, \"category\": \"Uber Eats\"}").json();
        assertEquals("food_delivery", alias.get("category").asText());
        assertEquals("Uber Eats", alias.get("original_category").asText());
        JsonNode unknown = world.api.agentPost("/requests", agent.token(), "{\"amount\": 5, \"category\": \"zzqx\"}").json();
        assertEquals("other", unknown.get("category").asText());
        assertEquals("zzqx", unknown.get("original_category").asText());
        // No auto_approve object: every passing request is pending.
        assertEquals("pending", unknown.get("status").asText());
    }

    @Test
    void budgetIsNeverOvercommittedSequentially() {
        var agent = world.agent(account, 100, "{\"auto_approve\": {\"enabled\": true}}");
        assertEquals("auto_approved", create(agent.token(), "60").get("status").asText());
        JsonNode second = create(agent.token(), "50");
        assertEquals("rejected", second.get("status").asText());
        assertEquals("Only 40.00 remaining, need 50", second.get("policy_check").get("checks").get(7).get("detail").asText());
        assertEquals("auto_approved", create(agent.token(), "40").get("status").asText());
        var a = world.reload(agent);
        assertEquals(10_000, a.spent());
        assertEquals(0, a.remaining());
    }

    @Test
    void currencyMismatchIs400AndMatchingCurrencyIsAccepted() {
        var agent = world.agent(account, 100, null);
        Resp bad = world.api.agentPost("/requests", agent.token(), "{\"amount\": 5, \"category\": \"other\", \"currency\": \"eur\"}");
        assertEquals(400, bad.status());
        assertEquals("Currency mismatch: expected USD", bad.detail());
        Resp ok = world.api.agentPost("/requests", agent.token(), "{\"amount\": 5, \"category\": \"other\", \"currency\": \"usd\"}");
        assertEquals(201, ok.status());
    }

    @Test
    void accountRuleFailureRejectsWithAgentThenAccountChecks() {
        Account acc = world.addRule(account, """
                {"id": "r1", "name": "team-daily", "limit_type": "daily", "limit_amount": "50.00"}""");
        var agent = world.agent(acc, 1_000, "{\"auto_approve\": {\"enabled\": true}}");
        JsonNode ok = create(agent.token(), "30");
        assertEquals("auto_approved", ok.get("status").asText());
        assertEquals("account_budget:team-daily", ok.get("policy_check").get("checks").get(8).get("rule").asText());
        assertEquals("Account daily 30.00/50.00", ok.get("policy_check").get("checks").get(8).get("detail").asText());
        JsonNode no = create(agent.token(), "30");
        assertEquals("rejected", no.get("status").asText());
        assertEquals("Account daily 60.00 would exceed limit 50.00", no.get("policy_check").get("checks").get(8).get("detail").asText());
    }

    @Test
    void velocityRejectionsReuseTheFirstRejectionsId() {
        var agent = world.agent(account, 1_000, "{\"requests_per_minute\": 2, \"auto_approve\": {\"enabled\": true}}");
        create(agent.token(), "1");
        JsonNode second = create(agent.token(), "1");
        assertEquals("2/2 this minute", second.get("policy_check").get("checks").get(1).get("detail").asText());
        JsonNode third = create(agent.token(), "1");
        assertEquals("rejected", third.get("status").asText());
        assertEquals(2, third.get("policy_check").get("checks").size());
        assertEquals("3 would exceed 2/minute", third.get("policy_check").get("checks").get(1).get("detail").asText());
        JsonNode fourth = create(agent.token(), "1");
        assertEquals(third.get("request_id").asText(), fourth.get("request_id").asText());
        world.clock.advance(java.time.Duration.ofMinutes(1));
        assertEquals("auto_approved", create(agent.token(), "1").get("status").asText());
    }

    @Test
    void rateLimitIs60PostsPerMinuteCountingRejections() {
        var agent = world.agent(account, 1, "{\"per_request_limit\": 0}");
        for (int i = 0; i < 60; i++) {
            assertEquals(201, world.api.agentPost("/requests", agent.token(), "{\"amount\": 1, \"category\": \"other\"}").status());
        }
        Resp limited = world.api.agentPost("/requests", agent.token(), "{\"amount\": 1, \"category\": \"other\"}");
        assertEquals(429, limited.status());
        assertEquals("Too many requests. Please try again later.", limited.detail());
        assertFalse(limited.headers().containsKey("retry-after"));
        world.clock.advance(java.time.Duration.ofSeconds(60));
        assertEquals(201, world.api.agentPost("/requests", agent.token(), "{\"amount\": 1, \"category\": \"other\"}").status());
    }

    @Test
    void pendingCapIs100() {
        var agent = world.agent(account, 1_000, null);
        for (int i = 0; i < 100; i++) {
            if (i % 60 == 59) world.clock.advance(java.time.Duration.ofMinutes(1));
            assertEquals("pending", create(agent.token(), "1").get("status").asText());
        }
        world.clock.advance(java.time.Duration.ofMinutes(1));
        Resp capped = world.api.agentPost("/requests", agent.token(), "{\"amount\": 1, \"category\": \"other\"}");
        assertEquals(429, capped.status());
        assertEquals("Too many pending requests. Wait for existing requests to be resolved.", capped.detail());
    }

    @Test
    void idempotencyKeyReplaysTheOriginalAndRefusesADifferentBody() {
        var agent = world.agent(account, 100, "{\"auto_approve\": {\"enabled\": true}}");
        var headers = java.util.Map.of("idempotency-key", "k-1", "authorization", "Bearer " + agent.token());
        Resp first = world.api.call("POST", "/api/v1/agent-api/requests", null, "{\"amount\": 10, \"category\": \"other\"}", headers);
        Resp again = world.api.call("POST", "/api/v1/agent-api/requests", null, "{\"category\": \"other\", \"amount\": 10}", headers);
        assertEquals(201, again.status());
        assertEquals(first.json(), again.json());
        assertEquals(1_000, world.reload(agent).spent());
        Resp different = world.api.call("POST", "/api/v1/agent-api/requests", null, "{\"amount\": 11, \"category\": \"other\"}", headers);
        assertEquals(422, different.status());
        assertNotNull(different.detail());
    }

    @Test
    void dryRunCheckChangesNothing() {
        var agent = world.agent(account, 100, "{\"auto_approve\": {\"enabled\": true}}");
        Resp check = world.api.agentPost("/requests/check", agent.token(), "{\"amount\": 10, \"category\": \"other\"}");
        assertEquals(200, check.status(), check.toString());
        assertEquals("auto_approved", check.json().get("status").asText());
        assertTrue(check.json().get("policy_check").get("passed").asBoolean());
        var a = world.reload(agent);
        assertEquals(0, a.spent());
        assertEquals(0, a.held());
        assertEquals(0, world.api.agentGet("/requests", agent.token()).json().get("total").asInt());
    }

    JsonNode create(String token, String amount) {
        Resp r = world.api.agentPost("/requests", token, "{\"amount\": \"" + amount + "\", \"category\": \"other\"}");
        assertEquals(201, r.status(), r.toString());
        return r.json();
    }

    static List<String> rules(JsonNode response) {
        List<String> out = new ArrayList<>();
        response.get("policy_check").get("checks").forEach(c -> out.add(c.get("rule").asText()));
        return out;
    }

    static List<String> details(JsonNode response) {
        List<String> out = new ArrayList<>();
        response.get("policy_check").get("checks").forEach(c -> out.add(c.get("detail").asText()));
        return out;
    }
}
