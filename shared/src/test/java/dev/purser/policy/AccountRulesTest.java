package dev.purser.policy;

import static dev.purser.policy.Fixtures.NEW_YORK;
import static dev.purser.policy.Fixtures.NOW;
import static dev.purser.policy.Fixtures.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountRulesTest {

    static AccountRule withDays(String id, List<Integer> days) {
        return new AccountRule(id, id, LimitType.DAILY, 100, "1.00", 0, days, null, null, true);
    }

    static AccountRule span(String id, LimitType type, String start, String end) {
        return new AccountRule(id, id, type, 100, "1.00", 0, null,
                start == null ? null : Instant.parse(start), end == null ? null : Instant.parse(end), true);
    }

    static List<String> ids(List<AccountRule> rules) {
        return rules.stream().map(AccountRule::id).toList();
    }

    @Test
    void emptyAndNull() {
        assertEquals(List.of(), AccountRules.select(List.of(), NOW, NEW_YORK));
        assertEquals(List.of(), AccountRules.select(null, NOW, NEW_YORK));
        assertEquals(List.of(), AccountRules.temporalActiveAt(null, NOW));
    }

    @Test
    void inactiveRulesAreDropped() {
        AccountRule off = new AccountRule("off", "off", LimitType.DAILY, 1, "0.01", 9, null, null, null, false);
        assertEquals(List.of("on"), ids(AccountRules.select(List.of(off, rule("on", "on", LimitType.DAILY, 5, 0)), NOW, NEW_YORK)));
    }

    @Test
    void highestPriorityWinsThenSmallestLimitThenFirst() {
        List<AccountRule> rules = List.of(
                rule("low", "low", LimitType.DAILY, 10, 0),
                rule("high-big", "hb", LimitType.DAILY, 9_000, 5),
                rule("high-small", "hs", LimitType.DAILY, 8_000, 5),
                rule("high-small-2", "hs2", LimitType.DAILY, 8_000, 5));
        assertEquals(List.of("high-small"), ids(AccountRules.select(rules, NOW, NEW_YORK)));
    }

    @Test
    void orderFollowsFirstAppearanceOfEachType() {
        List<AccountRule> rules = List.of(
                rule("m1", "m1", LimitType.MONTHLY, 10, 0),
                rule("t1", "t1", LimitType.TOTAL, 10, 0),
                rule("d1", "d1", LimitType.DAILY, 10, 0),
                rule("m2", "m2", LimitType.MONTHLY, 10, 1),
                rule("w1", "w1", LimitType.WEEKLY, 10, 0));
        assertEquals(List.of("m2", "t1", "d1", "w1"), ids(AccountRules.select(rules, NOW, NEW_YORK)));
    }

    @Test
    void daysOfWeekInAccountZoneMondayIsZero() {
        // NOW is Wednesday (2) everywhere in the Americas and Europe.
        List<AccountRule> rules = List.of(withDays("wed", List.of(2)), withDays("never", List.of()),
                withDays("every", null), withDays("weekend", List.of(5, 6)));
        List<AccountRule> selected = AccountRules.select(rules.subList(0, 2), NOW, NEW_YORK);
        assertEquals(List.of("wed"), ids(selected));
        assertEquals(List.of(), ids(AccountRules.select(List.of(rules.get(1)), NOW, NEW_YORK)), "[] means never");
        assertEquals(List.of("every"), ids(AccountRules.select(List.of(rules.get(2)), NOW, NEW_YORK)));
        assertEquals(List.of(), ids(AccountRules.select(List.of(rules.get(3)), NOW, NEW_YORK)));

        // 02:00 UTC Wednesday is Tuesday (1) in New York.
        Instant t = Instant.parse("2026-04-08T02:00:00Z");
        assertEquals(List.of(), ids(AccountRules.select(List.of(withDays("wed", List.of(2))), t, NEW_YORK)));
        assertEquals(List.of("tue"), ids(AccountRules.select(List.of(withDays("tue", List.of(1))), t, NEW_YORK)));
        assertEquals(List.of("wed"), ids(AccountRules.select(List.of(withDays("wed", List.of(2))), t, ZoneId.of("UTC"))));
        // Sunday is 6.
        Instant sunday = Instant.parse("2026-04-12T12:00:00Z");
        assertEquals(List.of("sun"), ids(AccountRules.select(List.of(withDays("sun", List.of(6))), sunday, NEW_YORK)));
    }

    @Test
    void startAndEndBoundsAreInclusive() {
        assertEquals(List.of("a"), ids(AccountRules.select(List.of(span("a", LimitType.DAILY, "2026-04-08T14:30:00Z", null)), NOW, NEW_YORK)));
        assertEquals(List.of("a"), ids(AccountRules.select(List.of(span("a", LimitType.DAILY, null, "2026-04-08T14:30:00Z")), NOW, NEW_YORK)));
        assertEquals(List.of(), ids(AccountRules.select(List.of(span("a", LimitType.DAILY, "2026-04-08T14:30:01Z", null)), NOW, NEW_YORK)));
        assertEquals(List.of(), ids(AccountRules.select(List.of(span("a", LimitType.DAILY, null, "2026-04-08T14:29:59Z")), NOW, NEW_YORK)));
    }

    @Test
    void aFilteredRuleDoesNotShadowItsGroup() {
        AccountRule future = new AccountRule("future", "f", LimitType.DAILY, 1, "0.01", 99, null,
                Instant.parse("2027-01-01T00:00:00Z"), null, true);
        assertEquals(List.of("now"), ids(AccountRules.select(List.of(future, rule("now", "n", LimitType.DAILY, 500, 0)), NOW, NEW_YORK)));
    }

    @Test
    void temporalActiveAtIgnoresDaysAndSelection() {
        AccountRule temporal = new AccountRule("t", "t", LimitType.TOTAL, 100, "1.00", 0, List.of(),
                Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-04-30T00:00:00Z"), true);
        AccountRule expired = new AccountRule("x", "x", LimitType.TOTAL, 100, "1.00", 0, null,
                Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-31T00:00:00Z"), true);
        AccountRule inactive = new AccountRule("i", "i", LimitType.TOTAL, 100, "1.00", 0, null,
                Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-04-30T00:00:00Z"), false);
        AccountRule openEnded = span("o", LimitType.TOTAL, "2026-04-01T00:00:00Z", null);
        AccountRule monthly = span("m", LimitType.MONTHLY, "2026-04-01T00:00:00Z", "2026-04-30T00:00:00Z");
        List<AccountRule> all = List.of(temporal, expired, inactive, openEnded, monthly);
        assertEquals(List.of("t"), ids(AccountRules.temporalActiveAt(all, NOW)));
        assertEquals(List.of(), ids(AccountRules.select(List.of(temporal), NOW, NEW_YORK)), "days [] keeps it out of checks");
    }
}
