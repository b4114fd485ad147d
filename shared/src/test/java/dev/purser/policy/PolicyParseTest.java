package dev.purser.policy;

import static dev.purser.policy.Fixtures.json;
import static dev.purser.policy.Fixtures.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyParseTest {

    @Test
    void absentPoliciesAreNone() {
        assertSame(Policy.NONE, Policy.parse(null));
        assertSame(Policy.NONE, Policy.parse(NullNode.getInstance()));
        assertSame(Policy.NONE, Policy.parse(MissingNode.getInstance()));
        assertSame(Policy.NONE, Policy.parse(json("[1, 2]")));
        Policy empty = policy("{}");
        assertNull(empty.dailyLimit());
        assertNull(empty.schedule());
        assertNull(empty.autoApprove());
        assertFalse(empty.hasVelocityLimit());
        assertFalse(empty.hasMerchantRule());
    }

    @Test
    void limitsKeepMinorUnitsAndDisplayText() {
        Policy p = policy("""
                {"daily_limit": 5000, "weekly_limit": "2000.50", "monthly_limit": 10.5, "per_request_limit": " 7 "}""");
        assertEquals(new Limit(500_000, "5000"), p.dailyLimit());
        assertEquals(new Limit(200_050, "2000.50"), p.weeklyLimit());
        assertEquals(new Limit(1_050, "10.5"), p.monthlyLimit());
        assertEquals(new Limit(700, "7"), p.perRequestLimit());
        assertEquals(new Limit(100_000, "1000"), policy("{\"daily_limit\": \"1e3\"}").dailyLimit());
    }

    @Test
    void unreadableLimitsFailClosedAsZero() {
        assertEquals(new Limit(0, "lots"), policy("{\"daily_limit\": \"lots\"}").dailyLimit());
        assertEquals(new Limit(0, "true"), policy("{\"daily_limit\": true}").dailyLimit());
        assertEquals(new Limit(0, "{}"), policy("{\"daily_limit\": {}}").dailyLimit());
        // Finer than a cent rounds down: the conservative reading.
        assertEquals(new Limit(1_000, "10.009"), policy("{\"daily_limit\": 10.009}").dailyLimit());
        assertNull(policy("{\"daily_limit\": null}").dailyLimit());
    }

    @Test
    void velocityLimits() {
        Policy p = policy("{\"requests_per_minute\": 5, \"requests_per_hour\": \"100\"}");
        assertEquals(5L, p.requestsPerMinute());
        assertEquals(100L, p.requestsPerHour());
        assertTrue(p.hasVelocityLimit());
        assertEquals(0L, policy("{\"requests_per_minute\": \"fast\"}").requestsPerMinute());
        assertNull(policy("{\"requests_per_minute\": null}").requestsPerMinute());
    }

    @Test
    void categoryAndMerchantLists() {
        Policy p = policy("""
                {"allowed_categories": ["groceries", 3, "taxi"], "blocked_categories": "gas",
                 "allowed_merchants": ["*.Example.com", ""], "blocked_merchants": null}""");
        assertEquals(Set.of("groceries", "taxi"), p.allowedCategories());
        assertEquals(Set.of("gas"), p.blockedCategories());
        assertEquals(1, p.allowedMerchants().size());
        assertEquals(new MerchantPattern("*.Example.com", "example.com", true, MerchantName.confusableKey("example.com")), p.allowedMerchants().get(0));
        assertTrue(p.hasMerchantRule());
        assertEquals(Set.of(), policy("{\"allowed_categories\": 5}").allowedCategories());
    }

    @Test
    void unknownKeysAreKeptInRaw() {
        Policy p = policy("{\"x402\": {\"allowed_chains\": [\"base\"]}, \"daily_limit\": 1}");
        assertEquals("base", p.raw().get("x402").get("allowed_chains").get(0).asText());
    }

    @Test
    void autoApproveParsing() {
        AutoApprove a = policy("{\"auto_approve\": {\"enabled\": true, \"max_amount\": \"20\", \"categories\": [\"taxi\"]}}")
                .autoApprove();
        assertEquals(new AutoApprove(true, new Limit(2000, "20"), Set.of("taxi")), a);
        // Anything garbled turns auto-approval off.
        assertFalse(policy("{\"auto_approve\": {\"enabled\": \"yes\"}}").autoApprove().enabled());
        assertFalse(policy("{\"auto_approve\": {}}").autoApprove().enabled());
        assertFalse(policy("{\"auto_approve\": {\"enabled\": true, \"categories\": 7}}").autoApprove().enabled());
        assertFalse(policy("{\"auto_approve\": true}").autoApprove().enabled());
        assertNull(policy("{\"auto_approve\": null}").autoApprove());
    }

    @Test
    void scheduleIsPrecompiled() {
        Schedule s = policy("""
                {"schedule": {"timezone": "Europe/Berlin", "default": {"allow": "09:00-17:30"},
                  "overrides": [{"days": ["Sat", "sun", "funday"], "deny": true},
                                {"days": ["fri"], "daily_limit": "99.99", "allow": ""}]}}""").schedule();
        assertFalse(s.malformed());
        assertEquals(ZoneId.of("Europe/Berlin"), s.zone());
        assertEquals(new TimeWindow("09:00-17:30", 540, 1050, true), s.defaultAllow());
        assertTrue(s.overrides().get(0).matches(DayOfWeek.SATURDAY));
        assertTrue(s.overrides().get(0).matches(DayOfWeek.SUNDAY));
        assertFalse(s.overrides().get(0).matches(DayOfWeek.MONDAY));
        assertNull(s.overrides().get(1).allow(), "empty allow counts as absent, as upstream");
        assertFalse(s.overrides().get(1).decides());
        assertEquals(new Limit(9_999, "99.99"), s.dailyLimitOn(DayOfWeek.FRIDAY));
        assertNull(s.dailyLimitOn(DayOfWeek.SATURDAY));
    }

    @Test
    void scheduleZoneFallbacks() {
        ZoneId account = ZoneId.of("America/New_York");
        assertEquals(account, policy("{\"schedule\": {\"default\": {}}}").schedule().effectiveZone(account));
        assertEquals(account, policy("{\"schedule\": {\"timezone\": \"\", \"default\": {}}}").schedule().effectiveZone(account));
        assertEquals(ZoneOffset.UTC, policy("{\"schedule\": {\"timezone\": \"Nowhere/Land\", \"default\": {}}}")
                .schedule().effectiveZone(account));
        assertEquals(ZoneOffset.UTC, policy("{\"schedule\": {\"default\": {}}}").schedule().effectiveZone(null));
    }

    @Test
    void malformedSchedulesNeverThrow() {
        assertTrue(policy("{\"schedule\": 5}").schedule().malformed());
        assertTrue(policy("{\"schedule\": {\"timezone\": 5}}").schedule().malformed());
        assertTrue(policy("{\"schedule\": {\"default\": []}}").schedule().malformed());
        assertTrue(policy("{\"schedule\": {\"overrides\": [5]}}").schedule().malformed());
        assertTrue(policy("{\"schedule\": {\"overrides\": [{\"days\": \"mon\"}]}}").schedule().malformed());
        assertNull(policy("{\"schedule\": null}").schedule());
    }

    @Test
    void garbledDenyFlagDenies() {
        assertTrue(policy("{\"schedule\": {\"overrides\": [{\"days\": [\"mon\"], \"deny\": \"no\"}]}}")
                .schedule().overrides().get(0).deny());
        assertFalse(policy("{\"schedule\": {\"overrides\": [{\"days\": [\"mon\"], \"deny\": false}]}}")
                .schedule().overrides().get(0).deny());
    }

    @Test
    void timeWindows() {
        assertTrue(TimeWindow.parse("9:00-17:00").valid());
        assertFalse(TimeWindow.parse("24:00-01:00").valid());
        assertFalse(TimeWindow.parse("10:60-11:00").valid());
        assertFalse(TimeWindow.parse("10:00").valid());
        assertFalse(TimeWindow.parse((String) null).valid());
        TimeWindow night = TimeWindow.parse("22:00-06:00");
        assertTrue(night.contains(23 * 60));
        assertTrue(night.contains(0));
        assertTrue(night.contains(6 * 60));
        assertFalse(night.contains(6 * 60 + 1));
        assertFalse(night.contains(21 * 60 + 59));
        assertFalse(TimeWindow.parse("x").contains(0));
    }

    @Test
    void merchantPatterns() {
        MerchantPattern w = MerchantPattern.of("*.example.com");
        assertTrue(w.matches("example.com"));
        assertTrue(w.matches("a.example.com"));
        assertFalse(w.matches("aexample.com"));
        assertFalse(w.matches("example.com.evil.io"));
        MerchantPattern exact = MerchantPattern.of(" Amazon ");
        assertTrue(exact.matches(MerchantPattern.normalize("AMAZON")));
        assertFalse(exact.matches("www.amazon"));
        assertNull(MerchantPattern.normalize(" "));
    }
}
