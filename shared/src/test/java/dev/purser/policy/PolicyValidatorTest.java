package dev.purser.policy;

import static dev.purser.policy.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyValidatorTest {

    static List<String> fields(String policy) {
        return PolicyValidator.validate(json(policy)).stream().map(FieldError::field).toList();
    }

    @Test
    void validPolicies() {
        assertTrue(PolicyValidator.validate(null).isEmpty());
        assertTrue(PolicyValidator.validate(NullNode.getInstance()).isEmpty());
        assertTrue(PolicyValidator.validate(json("{}")).isEmpty());
        assertTrue(PolicyValidator.validate(json("""
                {"daily_limit": 5000, "weekly_limit": "2000.50", "monthly_limit": null, "per_request_limit": 0,
                 "requests_per_minute": 10000, "requests_per_hour": 1,
                 "allowed_categories": ["groceries", "food_2go"], "blocked_categories": [],
                 "allowed_merchants": ["*.example.com", "Amazon"], "blocked_merchants": null,
                 "schedule": {"timezone": "Europe/Berlin", "default": {},
                   "overrides": [{"days": ["MON", "sat"], "deny": true},
                                 {"days": ["fri"], "daily_limit": 9999999, "allow": "22:00-06:00"}]},
                 "auto_approve": {"enabled": false, "max_amount": "0", "categories": ["taxi"]},
                 "x402": {"allowed_domains": ["*.\u0435xample.com"]}, "assets": ["USDC"],
                 "spending_limit_frequency": "perWeek"}""")).isEmpty());
    }

    /** Issue 23.1: a key not in the schema, at any level, is refused with the nearest known key. */
    @Test
    void unknownKeysAreRefusedWithTheNearestKnownKey() {
        assertEquals(List.of(new FieldError("dayly_limit", "is not a policy key; did you mean `daily_limit`?", "daily_limit")),
                PolicyValidator.validate(json("{\"dayly_limit\": 5}")));
        assertEquals(List.of("future_key", "schedule.tz", "schedule.default.alow", "schedule.overrides[0].dayz",
                        "auto_approve.max", "x402.anything"),
                fields("""
                        {"future_key": true, "schedule": {"timezone": "UTC", "tz": "UTC", "default": {"alow": "09:00-17:00"},
                          "overrides": [{"days": ["mon"], "dayz": ["tue"]}]},
                         "auto_approve": {"enabled": true, "max": 5}, "x402": {"anything": [1]}}"""));
        FieldError far = PolicyValidator.validate(json("{\"zzzzzzzzzzzzzzzz\": 1}")).get(0);
        assertEquals(null, far.suggestion());
        assertTrue(far.message().startsWith("is not a policy key (known: per_request_limit, daily_limit"), far.message());
        assertEquals("auto_approve.max", PolicyValidator.validate(json("{\"auto_approve\": {\"enabled\": true, \"max\": 5}}"))
                .get(0).field());
        assertEquals("max_amount", PolicyValidator.validate(json("{\"auto_approve\": {\"enabled\": true, \"max_amout\": 5}}"))
                .get(0).suggestion());
    }

    /** Issue 23.2: with the account's categories at hand, a list may name only those (and Purser's own). */
    @Test
    void categoriesMustBeTheAccounts() {
        KnownCategories known = KnownCategories.of(Set.of("groceries", "taxi"), Map.of("uber", "taxi"),
                json("{\"blocked_categories\": [\"legacy\"]}"));
        assertTrue(PolicyValidator.validate(json("{\"allowed_categories\": [\"groceries\", \"api\", \"other\", \"legacy\"],"
                + " \"auto_approve\": {\"enabled\": true, \"categories\": [\"taxi\"]}}"), known).isEmpty());
        List<FieldError> e = PolicyValidator.validate(json("{\"blocked_categories\": [\"gambling\", \"uber\", \"grocerys\"],"
                + " \"auto_approve\": {\"enabled\": true, \"categories\": [\"fuel\"]}}"), known);
        assertEquals(List.of("blocked_categories[0]", "blocked_categories[1]", "blocked_categories[2]", "auto_approve.categories[0]"),
                e.stream().map(FieldError::field).toList());
        assertEquals("taxi", e.get(1).suggestion());
        assertEquals("groceries", e.get(2).suggestion());
        assertTrue(e.get(0).message().startsWith("is not one of the account's categories"), e.get(0).message());
        // Without an account (a pure shape check), names are not compared.
        assertTrue(PolicyValidator.validate(json("{\"blocked_categories\": [\"gambling\"]}")).isEmpty());
    }

    @Test
    void merchantsNeedACanonicalForm() {
        assertEquals(List.of("blocked_merchants[0]", "blocked_merchants[1]"), fields("{\"blocked_merchants\": [\"https://\", \"\\u200B\"]}"));
    }

    @Test
    void nonObjectPolicy() {
        assertEquals(List.of(new FieldError("policy", "must be a JSON object")), PolicyValidator.validate(json("[]")));
        assertEquals(List.of("policy"), fields("\"x\""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-1|must be greater than or equal to 0",
            "10000000|must be less than or equal to 9999999",
            "'\"9999999.01\"'|must be less than or equal to 9999999",
            "1.005|must have at most 2 decimal places",
            "'\"abc\"'|must be a number",
            "true|must be a number",
            "[1]|must be a number"})
    void badLimits(String value, String message) {
        for (String key : new String[] {"daily_limit", "weekly_limit", "monthly_limit", "per_request_limit"}) {
            assertEquals(List.of(new FieldError(key, message)),
                    PolicyValidator.validate(json("{\"" + key + "\": " + value + "}")), key);
        }
    }

    @Test
    void trailingZerosDoNotCountAsDecimals() {
        assertTrue(fields("{\"daily_limit\": 10.000}").isEmpty());
    }

    @Test
    void velocityRanges() {
        assertEquals(List.of("requests_per_minute"), fields("{\"requests_per_minute\": 0}"));
        assertEquals(List.of("requests_per_minute"), fields("{\"requests_per_minute\": 10001}"));
        assertEquals(List.of("requests_per_minute"), fields("{\"requests_per_minute\": 1.5}"));
        assertEquals(List.of("requests_per_minute"), fields("{\"requests_per_minute\": \"many\"}"));
        assertEquals(List.of("requests_per_hour"), fields("{\"requests_per_hour\": 1000001}"));
        assertEquals(List.of("requests_per_hour"), fields("{\"requests_per_hour\": -3}"));
        assertTrue(fields("{\"requests_per_hour\": 1000000}").isEmpty());
        assertEquals(new FieldError("requests_per_minute", "must be between 1 and 10000"),
                PolicyValidator.validate(json("{\"requests_per_minute\": 0}")).get(0));
    }

    @Test
    void categoryLists() {
        assertEquals(List.of("allowed_categories"), fields("{\"allowed_categories\": \"groceries\"}"));
        assertEquals(List.of("blocked_categories[1]"), fields("{\"blocked_categories\": [\"ok\", 5]}"));
        assertEquals(List.of("allowed_categories[0]", "allowed_categories[1]", "allowed_categories[2]"),
                fields("{\"allowed_categories\": [\"Groceries\", \"1st\", \"food-delivery\"]}"));
        assertEquals(List.of("allowed_categories[0]"), fields("{\"allowed_categories\": [\"" + "a".repeat(51) + "\"]}"));
        assertTrue(fields("{\"allowed_categories\": [\"" + "a".repeat(50) + "\"]}").isEmpty());
        assertEquals(List.of("auto_approve.categories[0]"),
                fields("{\"auto_approve\": {\"enabled\": true, \"categories\": [\"Bad Name\"]}}"));
    }

    @Test
    void merchantLists() {
        assertEquals(List.of("allowed_merchants"), fields("{\"allowed_merchants\": \"a.com\"}"));
        assertEquals(List.of("blocked_merchants[0]", "blocked_merchants[1]", "blocked_merchants[2]", "blocked_merchants[3]"),
                fields("{\"blocked_merchants\": [3, \"\", \"a*.com\", \"*.\"]}"));
    }

    @Test
    void scheduleErrors() {
        assertEquals(List.of("schedule"), fields("{\"schedule\": \"9-5\"}"));
        assertEquals(List.of("schedule.timezone", "schedule.default"), fields("{\"schedule\": {}}"));
        assertEquals(List.of("schedule.timezone"), fields("{\"schedule\": {\"timezone\": \"Mars/Base\", \"default\": {}}}"));
        assertEquals(List.of("schedule.default"), fields("{\"schedule\": {\"timezone\": \"UTC\", \"default\": 1}}"));
        assertEquals(List.of("schedule.overrides"),
                fields("{\"schedule\": {\"timezone\": \"UTC\", \"default\": {}, \"overrides\": {}}}"));
        assertEquals(List.of("schedule.overrides[0]"),
                fields("{\"schedule\": {\"timezone\": \"UTC\", \"default\": {}, \"overrides\": [1]}}"));
    }

    @ParameterizedTest
    @CsvSource({"24:00-06:00", "9:00-17:00", "09:60-17:00", "'09:00-17:00 '", "09:00", "0900-1700", "''"})
    void badWindows(String w) {
        assertEquals(List.of(new FieldError("schedule.default.allow",
                        "must be a time window HH:MM-HH:MM (hours 00-23, minutes 00-59)")),
                PolicyValidator.validate(json("{\"schedule\": {\"timezone\": \"UTC\", \"default\": {\"allow\": \"" + w + "\"}}}")));
    }

    @Test
    void overrideErrors() {
        String s = """
                {"schedule": {"timezone": "UTC", "default": {"allow": "00:00-23:59"}, "overrides": [
                   {"days": ["mon"]},
                   {"days": ["mon", "funday", 3], "daily_limit": -1, "allow": "7-9", "deny": "yes"},
                   {"deny": true}]}}""";
        assertEquals(List.of("schedule.overrides[1].days[1]", "schedule.overrides[1].days[2]",
                "schedule.overrides[1].daily_limit", "schedule.overrides[1].allow", "schedule.overrides[1].deny",
                "schedule.overrides[2].days"), fields(s));
    }

    @Test
    void autoApproveErrors() {
        assertEquals(List.of("auto_approve"), fields("{\"auto_approve\": true}"));
        assertEquals(List.of("auto_approve.enabled"), fields("{\"auto_approve\": {}}"));
        assertEquals(List.of("auto_approve.enabled"), fields("{\"auto_approve\": {\"enabled\": \"true\"}}"));
        assertEquals(List.of("auto_approve.max_amount"), fields("{\"auto_approve\": {\"enabled\": true, \"max_amount\": -5}}"));
        assertEquals(List.of("auto_approve.categories"), fields("{\"auto_approve\": {\"enabled\": true, \"categories\": \"taxi\"}}"));
    }

    @Test
    void everyErrorIsReported() {
        assertEquals(List.of("daily_limit", "requests_per_minute", "allowed_categories", "auto_approve.enabled"),
                fields("{\"daily_limit\": -1, \"requests_per_minute\": 0, \"allowed_categories\": 1, \"auto_approve\": {}}"));
    }
}
