package dev.purser.policy;

import static dev.purser.policy.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 23.1: contradictions are saved, and said, each with its field. */
class PolicyWarningsTest {

    static List<String> fields(String policy) {
        return PolicyWarnings.of(json(policy)).stream().map(FieldError::field).toList();
    }

    @Test
    void aConsistentPolicyHasNone() {
        assertTrue(fields("""
                {"per_request_limit": 50, "daily_limit": 100, "rolling_24h_limit": 90, "weekly_limit": 500, "monthly_limit": 1000,
                 "yearly_limit": 10000, "auto_approve": {"enabled": true, "max_amount": 50, "categories": ["groceries"]},
                 "allowed_categories": ["groceries"], "allowed_merchants": ["*.shop.com"], "blocked_merchants": ["evil.com"],
                 "x402": {"max_per_request": 5, "allowed_domains": ["a.com"], "blocked_domains": ["b.com"]}}""").isEmpty());
        assertTrue(fields("{}").isEmpty());
        assertTrue(fields("{\"auto_approve\": {\"enabled\": false, \"max_amount\": 500}, \"per_request_limit\": 5}").isEmpty());
    }

    @Test
    void narrowerLimitsAboveWiderOnes() {
        assertEquals(List.of("daily_limit"), fields("{\"daily_limit\": 500, \"monthly_limit\": 300}"));
        assertEquals(List.of("per_request_limit", "weekly_limit"), fields("{\"per_request_limit\": 20, \"daily_limit\": 10, \"weekly_limit\": \"2000\","
                + " \"yearly_limit\": 1000}"));
        // A calendar day and any 24 hours are not nested: no order between them.
        assertTrue(fields("{\"daily_limit\": 100, \"rolling_24h_limit\": 50}").isEmpty());
        FieldError w = PolicyWarnings.of(json("{\"daily_limit\": 500, \"monthly_limit\": 300}")).get(0);
        assertEquals("is above monthly_limit 300: the monthly_limit binds first", w.message());
    }

    @Test
    void autoApproveThatCanNeverHappen() {
        assertEquals(List.of("auto_approve.max_amount"),
                fields("{\"per_request_limit\": 100, \"auto_approve\": {\"enabled\": true, \"max_amount\": 500}}"));
        assertEquals(List.of("auto_approve.categories"),
                fields("{\"blocked_categories\": [\"gas\"], \"auto_approve\": {\"enabled\": true, \"categories\": [\"gas\", \"taxi\"]}}"));
        assertEquals(List.of("auto_approve.categories"),
                fields("{\"allowed_categories\": [\"taxi\"], \"auto_approve\": {\"enabled\": true, \"categories\": [\"gas\", \"taxi\"]}}"));
    }

    @Test
    void overlappingListsInCanonicalForm() {
        assertEquals(List.of("blocked_categories", "blocked_categories"),
                fields("{\"allowed_categories\": [\"gas\"], \"blocked_categories\": [\"gas\"]}"));
        assertEquals(List.of("blocked_merchants"), fields("{\"allowed_merchants\": [\"*.shop.com\"], \"blocked_merchants\": [\"HTTPS://Pay.Shop.com./x\"]}"));
        assertEquals(List.of("x402.blocked_domains", "x402.max_per_request"),
                fields("{\"per_request_limit\": 1, \"x402\": {\"allowed_domains\": [\"a.com\"], \"blocked_domains\": [\"A.COM\"], \"max_per_request\": 5}}"));
    }
}
