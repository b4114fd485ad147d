package dev.purser.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 items 1-3 black-box over HTTP against the local runtime (docs/policy.md): a policy
 * means what its owner believes — a typo is refused with the key meant, a contradiction is
 * saved with warnings, a category the account does not have is refused, Purser's own "api"
 * resolves to itself, and no respelling of a blocked merchant gets through.
 */
class PolicyMeansWhatItSaysTest {
    static PurserLocal local;
    static ConsoleHttp http;
    static String owner;

    @BeforeAll
    static void start() throws Exception {
        local = PurserLocal.startInMemory();
        http = new ConsoleHttp(local.baseUrl());
        owner = local.demo().ownerKey();
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    static String policyPath(JsonNode agent) {
        return "/v1/agents/" + agent.get("agent_id").asText() + "/policy";
    }

    @Test
    void aTypoKeyIsRefusedWithTheKeyMeant() {
        JsonNode agent = http.register(owner, "typo", "{\"daily_limit\": 50}");
        ConsoleHttp.Answer a = http.call("PATCH", policyPath(agent), owner, "{\"dayly_limit\": 5}");
        assertEquals(422, a.status(), a.body().toString());
        assertEquals("dayly_limit", a.body().get("field").asText());
        assertEquals("daily_limit", a.body().get("suggestion").asText());
        assertTrue(a.body().get("detail").asText().contains("did you mean `daily_limit`?"), a.body().toString());
        assertEquals("{\"daily_limit\":50}", http.call("GET", policyPath(agent), owner, null).body().get("policy").toString());
        // Nested keys, registration, ShadowPay's spend policy and lease constraints refuse them the same way.
        assertEquals("auto_approve.max_amout", http.call("PUT", policyPath(agent), owner,
                "{\"auto_approve\": {\"enabled\": true, \"max_amout\": 5}}").body().get("field").asText());
        ConsoleHttp.Answer reg = http.call("POST", "/v1/agents/register", owner, "{\"name\": \"r\", \"policy\": {\"per_request_limt\": 5}}");
        assertEquals(422, reg.status());
        assertEquals("policy.per_request_limt", reg.body().get("field").asText());
        assertEquals("per_request_limit", reg.body().get("suggestion").asText());
        ConsoleHttp.Answer lease = http.call("POST", "/v1/spend-guard/budget-leases", owner, "{\"parent_agent\": \""
                + agent.get("agent_id").asText() + "\", \"child_agent\": \"" + http.register(owner, "child", null).get("agent_id").asText()
                + "\", \"amount\": 5, \"constraints\": {\"categorys\": [\"groceries\"]}}");
        assertEquals(422, lease.status(), lease.body().toString());
        assertEquals("categories", lease.body().get("suggestion").asText());
    }

    @Test
    void aContradictoryPolicyIsSavedWithWarnings() {
        JsonNode agent = http.register(owner, "contradictions", null);
        ConsoleHttp.Answer a = http.call("PUT", policyPath(agent), owner, """
                {"per_request_limit": 100, "daily_limit": 900, "monthly_limit": 300,
                 "auto_approve": {"enabled": true, "max_amount": 500},
                 "allowed_merchants": ["shop.com"], "blocked_merchants": ["SHOP.com."]}""");
        assertEquals(200, a.status(), a.body().toString());
        List<String> fields = new ArrayList<>();
        a.body().get("warnings").forEach(w -> fields.add(w.get("field").asText()));
        assertEquals(List.of("daily_limit", "auto_approve.max_amount", "blocked_merchants"), fields, a.body().toString());
        assertEquals(900, a.body().get("policy").get("daily_limit").asInt());
        ConsoleHttp.Answer clean = http.call("PUT", policyPath(agent), owner, "{\"daily_limit\": 100, \"monthly_limit\": 300}");
        assertEquals(0, clean.body().get("warnings").size());
    }

    /** The same warnings on ShadowPay's spend policy and Proxy's limits, under their own field names. */
    @Test
    void everySurfaceThatWritesAPolicyWarns() {
        JsonNode agent = http.register(owner, "surfaces", null);
        String id = agent.get("agent_id").asText();
        ConsoleHttp.Answer shadow = http.call("PATCH", "/v1/agents/" + id + "/spend-policy", owner,
                "{\"per_transaction_limit_usdc\": 100, \"hitl_threshold_usdc\": 500}");
        assertEquals(200, shadow.status(), shadow.body().toString());
        assertEquals("hitl_threshold_usdc", shadow.body().get("warnings").get(0).get("field").asText(), shadow.body().toString());
        ConsoleHttp.Answer typo = http.call("PATCH", "/v1/agents/" + id + "/spend-policy", owner, "{\"daily_limit_usd\": 5}");
        assertEquals(400, typo.status(), typo.body().toString());
        assertEquals("daily_limit_usdc", typo.body().get("suggestion").asText(), typo.body().toString());
        ConsoleHttp.Answer proxy = http.call("POST", "/v1/agents/register", owner, "{\"name\": \"proxy\", \"budget\": 100,"
                + " \"spendingLimit\": 5000, \"spendingLimitFrequency\": \"perWeek\", \"policy\": {\"daily_limit\": 80}}");
        assertEquals(201, proxy.status(), proxy.body().toString());
        assertEquals("policy.daily_limit", proxy.body().get("warnings").get(0).get("field").asText(), proxy.body().toString());
    }

    @Test
    void aCategoryTheAccountDoesNotHaveIsRefused() {
        JsonNode agent = http.register(owner, "gambler", null);
        ConsoleHttp.Answer a = http.call("PUT", policyPath(agent), owner, "{\"blocked_categories\": [\"gambling\"]}");
        assertEquals(422, a.status(), a.body().toString());
        assertEquals("blocked_categories[0]", a.body().get("field").asText());
        // Added first, it is accepted, and a request in it is refused by name.
        assertEquals(201, http.call("POST", "/v1/account/categories", owner, "{\"name\": \"gambling\"}").status());
        assertEquals(200, http.call("PUT", policyPath(agent), owner,
                "{\"blocked_categories\": [\"gambling\"], \"auto_approve\": {\"enabled\": true}}").status());
        JsonNode r = http.ask(agent.get("token").asText(), "{\"amount\": 5, \"category\": \"gambling\"}").body();
        assertEquals("rejected", r.get("status").asText(), r.toString());
        assertEquals("gambling", r.get("category").asText());
    }

    @Test
    void purseOwnApiCategoryResolvesToItself() {
        JsonNode agent = http.register(owner, "api-user", "{\"allowed_categories\": [\"api\"], \"auto_approve\": {\"enabled\": true}}");
        JsonNode r = http.ask(agent.get("token").asText(), "{\"amount\": 2, \"category\": \"api\"}").body();
        assertEquals("auto_approved", r.get("status").asText(), r.toString());
        assertEquals("api", r.get("category").asText());
        assertTrue(r.has("original_category") && r.get("original_category").isNull(), r.toString());
        // A known word never becomes another one: "gaming" is an alias, "gambling" falls back to other.
        JsonNode other = http.ask(agent.get("token").asText(), "{\"amount\": 2, \"category\": \"lottery\"}").body();
        assertEquals("other", other.get("category").asText(), other.toString());
        assertEquals("lottery", other.get("original_category").asText());
    }

    @Test
    void everySpellingOfABlockedMerchantIsRejected() {
        JsonNode agent = http.register(owner, "merchants", "{\"blocked_merchants\": [\"evil.com\"], \"auto_approve\": {\"enabled\": true}}");
        String token = agent.get("token").asText();
        for (String spelling : new String[] {"EVIL.com.", "https://evil.com", "evil.com:443", "\u0435vil.com",
                "evil\u200B.com", "\uFF45\uFF56\uFF49\uFF4C\uFF0E\uFF43\uFF4F\uFF4D"}) {
            JsonNode r = http.ask(token, "{\"amount\": 1, \"category\": \"groceries\", \"merchant_name\": \"" + spelling + "\"}").body();
            assertEquals("rejected", r.get("status").asText(), spelling + ": " + r);
            JsonNode check = null;
            for (JsonNode c : r.get("policy_check").get("checks")) if (c.get("rule").asText().equals("merchant")) check = c;
            assertEquals("fail", check.get("result").asText(), spelling);
            assertTrue(check.get("detail").asText().contains("is blocked"), check.toString());
        }
        JsonNode detail = http.ask(token, "{\"amount\": 1, \"category\": \"groceries\", \"merchant_name\": \"EVIL.com.\"}").body();
        assertTrue(detail.toString().contains("EVIL.com. (canonical evil.com) is blocked"), detail.toString());
        JsonNode fine = http.ask(token, "{\"amount\": 1, \"category\": \"groceries\", \"merchant_name\": \"devil.com\"}").body();
        assertEquals("auto_approved", fine.get("status").asText(), fine.toString());
    }

    @Test
    void x402DomainListsUseTheCanonicalForm() {
        JsonNode agent = http.register(owner, "x402", "{\"x402\": {\"blocked_domains\": [\"evil.com\"]}}");
        String token = agent.get("token").asText();
        for (String resource : new String[] {"https://EVIL.com./r", "https://\u0435vil.com/r", "https://evil.com:443/r"}) {
            ConsoleHttp.Answer a = http.call("POST", "/api/v1/x402/authorize", token, "{\"payment_requirements\": {\"scheme\": \"exact\","
                    + " \"network\": \"eip155:8453\", \"amount\": \"10000\", \"asset\": \"USDC\", \"pay_to\": \"0xabc\", \"resource\": \""
                    + resource + "\"}, \"max_amount_usd\": 0.01}");
            assertEquals(200, a.status(), a.body().toString());
            assertFalse(a.body().get("authorized").asBoolean(), resource + ": " + a.body());
            assertEquals("DOMAIN_BLOCKED", a.body().get("reason").asText(), resource);
        }
    }
}
