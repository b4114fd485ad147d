package dev.purser.policy;

import static dev.purser.policy.Fixtures.NEW_YORK;
import static dev.purser.policy.Fixtures.NOW;
import static dev.purser.policy.Fixtures.attempt;
import static dev.purser.policy.Fixtures.line;
import static dev.purser.policy.Fixtures.lines;
import static dev.purser.policy.Fixtures.policy;
import static dev.purser.policy.Fixtures.snap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {
    /** The upstream test fixture's policy (§2.2 example). */
    static final String FIXTURE = """
            {"daily_limit": 5000, "per_request_limit": 2000,
             "allowed_categories": ["groceries", "restaurants", "other"]}""";

    static Decision eval(PurchaseAttempt a, Policy p, Fixtures.Snap s) {
        return eval(a, p, List.of(), s, NOW);
    }

    static Decision eval(PurchaseAttempt a, Policy p, List<AccountRule> rules, Fixtures.Snap s, Instant now) {
        return PolicyEngine.evaluate(a, AgentStatus.ACTIVE, p, rules, NEW_YORK, s.build(), now);
    }

    @Test
    void specExampleGivesEightEntriesWithExactDetails() {
        Decision d = eval(attempt("100.00", "groceries"), policy(FIXTURE), snap());
        assertEquals(List.of(
                "status|pass|Agent is active",
                "category|pass|groceries in allowed list",
                "per_request_limit|pass|100.00 <= 2000",
                "schedule|pass|No schedule set",
                "daily_limit|pass|100.00/5000 spent today",
                "weekly_limit|pass|No weekly limit set",
                "monthly_limit|pass|No monthly limit set",
                "budget|pass|10000.00 remaining >= 100.00"), lines(d));
        assertTrue(d.passed());
        assertEquals(Outcome.PENDING, d.outcome());
        assertNull(d.velocityFailure());
        assertEquals(List.of(Guard.of(Counter.AGENT_DAILY, 500_000)), d.guards());
    }

    @Test
    void noPolicyGivesEightPassingEntries() {
        Decision d = eval(attempt("25", "anything"), Policy.NONE, snap());
        assertEquals(List.of(
                "status|pass|Agent is active",
                "category|pass|Category allowed",
                "per_request_limit|pass|No per-request limit set",
                "schedule|pass|No schedule set",
                "daily_limit|pass|No daily limit set",
                "weekly_limit|pass|No weekly limit set",
                "monthly_limit|pass|No monthly limit set",
                "budget|pass|10000.00 remaining >= 25"), lines(d));
        assertEquals(Outcome.PENDING, d.outcome());
        assertEquals(List.of(), d.guards());
        assertEquals(d, PolicyEngine.evaluate(attempt("25", "anything"), AgentStatus.ACTIVE, null,
                null, NEW_YORK, snap().build(), NOW), "null policy and rules behave as none");
    }

    @Test
    void inactiveAgentFailsStatusButAllChecksStillRun() {
        Decision d = PolicyEngine.evaluate(attempt("1.00", "groceries"), AgentStatus.PAUSED, Policy.NONE,
                List.of(), NEW_YORK, snap().build(), NOW);
        assertEquals("status|fail|Agent is paused", lines(d).get(0));
        assertEquals(8, d.checks().size());
        assertEquals(Outcome.REJECTED, d.outcome());
        assertEquals(List.of(), d.guards());
        Decision archived = PolicyEngine.evaluate(attempt("1.00", "groceries"), AgentStatus.ARCHIVED,
                Policy.NONE, List.of(), NEW_YORK, snap().build(), NOW);
        assertEquals("fail|Agent is archived", line(archived, "status"));
    }

    // --- amounts and formatting

    @Test
    void amountKeepsTheScaleItWasSentWith() {
        Policy p = policy("""
                {"daily_limit": "2000.50", "weekly_limit": 5000, "monthly_limit": 10000.0, "per_request_limit": 100}""");
        Decision d = eval(attempt("100.0", "x"), p, snap().agent(1050, 2000, 0));
        assertEquals("pass|100.0 <= 100", line(d, "per_request_limit"));
        assertEquals("pass|110.50/2000.50 spent today", line(d, "daily_limit"));
        assertEquals("pass|120.00/5000 spent this week", line(d, "weekly_limit"));
        assertEquals("pass|100.00/10000.0 spent this month", line(d, "monthly_limit"));
        assertEquals("pass|10000.00 remaining >= 100.0", line(d, "budget"));

        Decision whole = eval(attempt("7", "x"), p, snap());
        assertEquals("pass|7 <= 100", line(whole, "per_request_limit"));
        assertEquals("pass|7.00/2000.50 spent today", line(whole, "daily_limit"));
        Decision threeScale = eval(new PurchaseAttempt(new java.math.BigDecimal("1.500"), 150, "x", null), p, snap());
        assertEquals("pass|1.500/2000.50 spent today", line(threeScale, "daily_limit"));
    }

    @Test
    void perRequestLimitIsInclusive() {
        Policy p = policy("{\"per_request_limit\": \"50.00\"}");
        assertEquals("pass|50.00 <= 50.00", line(eval(attempt("50.00", "x"), p, snap()), "per_request_limit"));
        Decision over = eval(attempt("50.01", "x"), p, snap());
        assertEquals("fail|50.01 > 50.00", line(over, "per_request_limit"));
        assertEquals(Outcome.REJECTED, over.outcome());
        assertEquals(List.of(), over.guards());
    }

    @Test
    void windowLimitsSumSpentHeldAndAmountInclusively() {
        Policy p = policy("{\"daily_limit\": 100, \"weekly_limit\": 300, \"monthly_limit\": 1000}");
        Decision atLimit = eval(attempt("10.00", "x"), p, snap().agent(9000, 29000, 99000));
        assertEquals("pass|100.00/100 spent today", line(atLimit, "daily_limit"));
        assertEquals("pass|300.00/300 spent this week", line(atLimit, "weekly_limit"));
        assertEquals("pass|1000.00/1000 spent this month", line(atLimit, "monthly_limit"));
        assertTrue(atLimit.passed());

        Decision over = eval(attempt("10.01", "x"), p, snap().agent(9000, 29000, 99000));
        assertEquals("fail|100.01 would exceed daily limit 100", line(over, "daily_limit"));
        assertEquals("fail|300.01 would exceed weekly limit 300", line(over, "weekly_limit"));
        assertEquals("fail|1000.01 would exceed monthly limit 1000", line(over, "monthly_limit"));
        assertEquals(8, over.checks().size(), "all checks run, no short-circuit");
        assertEquals(Outcome.REJECTED, over.outcome());
    }

    @Test
    void limitZeroFailsEveryPositiveAmount() {
        Policy p = policy("{\"daily_limit\": 0, \"per_request_limit\": 0}");
        Decision d = eval(attempt("0.01", "x"), p, snap());
        assertEquals("fail|0.01 > 0", line(d, "per_request_limit"));
        assertEquals("fail|0.01 would exceed daily limit 0", line(d, "daily_limit"));
    }

    @Test
    void budgetUsesBudgetMinusSpentMinusHeld() {
        Fixtures.Snap s = snap().budget(10_000, 4_000, 1_000); // 50.00 remaining
        assertEquals("pass|50.00 remaining >= 50.00", line(eval(attempt("50.00", "x"), Policy.NONE, s), "budget"));
        Decision d = eval(attempt("50.01", "x"), Policy.NONE, s);
        assertEquals("fail|Only 50.00 remaining, need 50.01", line(d, "budget"));
        assertEquals(Outcome.REJECTED, d.outcome());
    }

    // --- categories

    @Test
    void allowedCategoriesWhitelistAndOverrideBlocked() {
        Policy p = policy("{\"allowed_categories\": [\"groceries\"], \"blocked_categories\": [\"groceries\", \"taxi\"]}");
        assertEquals("pass|groceries in allowed list", line(eval(attempt("1", "groceries"), p, snap()), "category"));
        assertEquals("fail|taxi not in allowed list", line(eval(attempt("1", "taxi"), p, snap()), "category"));
    }

    @Test
    void blockedCategoriesApplyWithoutWhitelist() {
        Policy p = policy("{\"allowed_categories\": [], \"blocked_categories\": [\"gambling\"]}");
        assertEquals("fail|gambling is blocked", line(eval(attempt("1", "gambling"), p, snap()), "category"));
        assertEquals("pass|Category allowed", line(eval(attempt("1", "taxi"), p, snap()), "category"));
        Policy empty = policy("{\"allowed_categories\": [], \"blocked_categories\": []}");
        assertEquals("pass|Category allowed", line(eval(attempt("1", "taxi"), empty, snap()), "category"));
    }

    // --- merchants (Purser extension)

    @Test
    void merchantCheckOnlyWhenConfigured() {
        assertNull(line(eval(attempt("1", "x", "shop.com"), Policy.NONE, snap()), "merchant"));
        Policy empty = policy("{\"allowed_merchants\": [], \"blocked_merchants\": []}");
        assertEquals(8, eval(attempt("1", "x", "shop.com"), empty, snap()).checks().size());
    }

    @Test
    void merchantAllowedListWithWildcards() {
        Policy p = policy("{\"allowed_merchants\": [\"*.Example.com\", \"shop.io\"]}");
        Decision d = eval(attempt("1", "x", "api.example.COM"), p, snap());
        assertEquals("category", d.checks().get(1).rule());
        assertEquals("merchant|pass|api.example.COM (canonical api.example.com) in allowed list", lines(d).get(2));
        assertEquals("per_request_limit", d.checks().get(3).rule());
        assertEquals(9, d.checks().size());
        assertEquals("pass|example.com in allowed list", line(eval(attempt("1", "x", "example.com"), p, snap()), "merchant"));
        assertEquals("pass|a.b.example.com in allowed list", line(eval(attempt("1", "x", "a.b.example.com"), p, snap()), "merchant"));
        assertEquals("pass|Shop.IO (canonical shop.io) in allowed list", line(eval(attempt("1", "x", "Shop.IO"), p, snap()), "merchant"));
        assertEquals("fail|badexample.com not in allowed list", line(eval(attempt("1", "x", "badexample.com"), p, snap()), "merchant"));
        assertEquals("fail|www.shop.io not in allowed list", line(eval(attempt("1", "x", "www.shop.io"), p, snap()), "merchant"));
        assertEquals("fail|No merchant given", line(eval(attempt("1", "x", null), p, snap()), "merchant"));
        assertEquals("fail|No merchant given", line(eval(attempt("1", "x", "  "), p, snap()), "merchant"));
        assertEquals(Outcome.REJECTED, eval(attempt("1", "x", null), p, snap()).outcome());
    }

    @Test
    void merchantBlockedListWinsOverAllowed() {
        Policy blocked = policy("{\"blocked_merchants\": [\"*.casino.com\"]}");
        assertEquals("fail|www.casino.com is blocked", line(eval(attempt("1", "x", "www.casino.com"), blocked, snap()), "merchant"));
        assertEquals("fail|Casino.com (canonical casino.com) is blocked", line(eval(attempt("1", "x", "Casino.com"), blocked, snap()), "merchant"));
        assertEquals("pass|Merchant allowed (canonical shop.com)", line(eval(attempt("1", "x", "shop.com"), blocked, snap()), "merchant"));
        assertEquals("fail|www.c\u0430sino.com (canonical www.xn--csino-4ve.com) is blocked: confusable with *.casino.com",
                line(eval(attempt("1", "x", "www.c\u0430sino.com"), blocked, snap()), "merchant"));
        assertEquals("pass|Merchant allowed", line(eval(attempt("1", "x", null), blocked, snap()), "merchant"));

        Policy both = policy("{\"allowed_merchants\": [\"*.example.com\"], \"blocked_merchants\": [\"ads.example.com\"]}");
        assertEquals("fail|ads.example.com is blocked", line(eval(attempt("1", "x", "ads.example.com"), both, snap()), "merchant"));
        assertEquals("pass|shop.example.com in allowed list", line(eval(attempt("1", "x", "shop.example.com"), both, snap()), "merchant"));
    }

    // --- velocity

    @Test
    void velocityPassesWithCountPlusOne() {
        Policy p = policy("{\"requests_per_minute\": 5, \"requests_per_hour\": 100}");
        Decision d = eval(attempt("1", "x"), p, snap().velocity(4, 99));
        assertEquals("velocity_limit|pass|5/5 this minute, 100/100 this hour", lines(d).get(1));
        assertEquals(9, d.checks().size());
        assertEquals(List.of(Guard.of(Counter.VELOCITY_MINUTE, 5), Guard.of(Counter.VELOCITY_HOUR, 100)), d.guards());

        Decision onlyHour = eval(attempt("1", "x"), policy("{\"requests_per_hour\": 10}"), snap().velocity(50, 2));
        assertEquals("pass|3/10 this hour", line(onlyHour, "velocity_limit"));
        Decision onlyMinute = eval(attempt("1", "x"), policy("{\"requests_per_minute\": \"3\"}"), snap().velocity(0, 500));
        assertEquals("pass|1/3 this minute", line(onlyMinute, "velocity_limit"));
    }

    @Test
    void velocityFailureShortCircuits() {
        Policy p = policy(PolicyEngineTest.FIXTURE.replace("{", "{\"requests_per_minute\": 5, \"requests_per_hour\": 100, "));
        Decision minute = eval(attempt("100.00", "groceries"), p, snap().velocity(5, 10));
        assertEquals(List.of("status|pass|Agent is active", "velocity_limit|fail|6 would exceed 5/minute"), lines(minute));
        assertEquals(Outcome.REJECTED, minute.outcome());
        assertEquals(VelocityScope.MINUTE, minute.velocityFailure());
        assertEquals(List.of(), minute.guards());

        Decision hour = eval(attempt("100.00", "groceries"), p, snap().velocity(1, 100));
        assertEquals(List.of("status|pass|Agent is active", "velocity_limit|fail|101 would exceed 100/hour"), lines(hour));
        assertEquals(VelocityScope.HOUR, hour.velocityFailure());

        Decision both = eval(attempt("100.00", "groceries"), p, snap().velocity(5, 100));
        assertEquals("fail|6 would exceed 5/minute; 101 would exceed 100/hour", line(both, "velocity_limit"));
        assertEquals(VelocityScope.MINUTE, both.velocityFailure());
    }

    // --- auto-approve

    @Test
    void autoApproveCriteria() {
        Policy p = policy("{\"auto_approve\": {\"enabled\": true, \"max_amount\": \"50.00\", \"categories\": [\"groceries\"]}}");
        assertEquals(Outcome.AUTO_APPROVED, eval(attempt("50.00", "groceries"), p, snap()).outcome());
        assertEquals(Outcome.PENDING, eval(attempt("50.01", "groceries"), p, snap()).outcome());
        assertEquals(Outcome.PENDING, eval(attempt("1.00", "taxi"), p, snap()).outcome());

        Policy any = policy("{\"auto_approve\": {\"enabled\": true, \"categories\": []}}");
        assertEquals(Outcome.AUTO_APPROVED, eval(attempt("9999.99", "taxi"), any, snap()).outcome());
        Policy off = policy("{\"auto_approve\": {\"enabled\": false}}");
        assertEquals(Outcome.PENDING, eval(attempt("1", "taxi"), off, snap()).outcome());
        Policy zero = policy("{\"auto_approve\": {\"enabled\": true, \"max_amount\": 0}}");
        assertEquals(Outcome.PENDING, eval(attempt("0.01", "taxi"), zero, snap()).outcome());
    }

    @Test
    void autoApproveNeverOverridesAFailedCheck() {
        Policy p = policy("{\"per_request_limit\": 10, \"auto_approve\": {\"enabled\": true}}");
        Decision d = eval(attempt("11", "x"), p, snap());
        assertEquals(Outcome.REJECTED, d.outcome());
        assertFalse(d.passed());
    }

    // --- schedule

    @Test
    void noScheduleAndNoTimeRestriction() {
        Policy p = policy("{\"schedule\": {\"timezone\": \"UTC\", \"default\": {}}}");
        assertEquals("pass|No time restriction", line(eval(attempt("1", "x"), p, snap()), "schedule"));
    }

    @Test
    void scheduleWindowUsesScheduleTimezone() {
        // 14:30 UTC = 23:30 in Tokyo.
        Policy tokyo = policy("{\"schedule\": {\"timezone\": \"Asia/Tokyo\", \"default\": {\"allow\": \"09:00-18:00\"}}}");
        assertEquals("fail|23:30 outside 09:00-18:00", line(eval(attempt("1", "x"), tokyo, snap()), "schedule"));
        Policy utc = policy("{\"schedule\": {\"timezone\": \"UTC\", \"default\": {\"allow\": \"09:00-18:00\"}}}");
        assertEquals("pass|14:30 within 09:00-18:00", line(eval(attempt("1", "x"), utc, snap()), "schedule"));
    }

    @Test
    void scheduleFallsBackToAccountZoneThenUtc() {
        // No schedule timezone: account zone New York, 10:30.
        Policy none = policy("{\"schedule\": {\"default\": {\"allow\": \"10:00-11:00\"}}}");
        assertEquals("pass|10:30 within 10:00-11:00", line(eval(attempt("1", "x"), none, snap()), "schedule"));
        // Unknown name: UTC, 14:30.
        Policy bad = policy("{\"schedule\": {\"timezone\": \"Mars/Olympus\", \"default\": {\"allow\": \"10:00-11:00\"}}}");
        assertEquals("fail|14:30 outside 10:00-11:00", line(eval(attempt("1", "x"), bad, snap()), "schedule"));
    }

    @Test
    void windowsAreInclusiveAtBothEnds() {
        for (String w : new String[] {"14:30-15:00", "14:00-14:30", "14:30-14:30"}) {
            Policy p = policy("{\"schedule\": {\"timezone\": \"UTC\", \"default\": {\"allow\": \"" + w + "\"}}}");
            assertEquals("pass|14:30 within " + w, line(eval(attempt("1", "x"), p, snap()), "schedule"));
        }
        Policy p = policy("{\"schedule\": {\"timezone\": \"UTC\", \"default\": {\"allow\": \"14:31-15:00\"}}}");
        assertEquals("fail|14:30 outside 14:31-15:00", line(eval(attempt("1", "x"), p, snap()), "schedule"));
        // Seconds do not matter: 14:30:59 is still minute 14:30.
        Policy end = policy("{\"schedule\": {\"timezone\": \"UTC\", \"default\": {\"allow\": \"09:00-14:30\"}}}");
        assertEquals("pass|14:30 within 09:00-14:30", line(eval(attempt("1", "x"), end, List.of(), snap(),
                Instant.parse("2026-04-08T14:30:59Z")), "schedule"));
    }

    @Test
    void overnightWindowsWrap() {
        Policy p = policy("{\"schedule\": {\"timezone\": \"UTC\", \"default\": {\"allow\": \"22:00-06:00\"}}}");
        assertEquals("pass|23:00 within 22:00-06:00", line(eval(attempt("1", "x"), p, List.of(), snap(),
                Instant.parse("2026-04-08T23:00:00Z")), "schedule"));
        assertEquals("pass|03:00 within 22:00-06:00", line(eval(attempt("1", "x"), p, List.of(), snap(),
                Instant.parse("2026-04-08T03:00:00Z")), "schedule"));
        assertEquals("pass|06:00 within 22:00-06:00", line(eval(attempt("1", "x"), p, List.of(), snap(),
                Instant.parse("2026-04-08T06:00:00Z")), "schedule"));
        assertEquals("fail|12:00 outside 22:00-06:00", line(eval(attempt("1", "x"), p, List.of(), snap(),
                Instant.parse("2026-04-08T12:00:00Z")), "schedule"));
        assertEquals("fail|06:01 outside 22:00-06:00", line(eval(attempt("1", "x"), p, List.of(), snap(),
                Instant.parse("2026-04-08T06:01:00Z")), "schedule"));
    }

    @Test
    void denyOverrideOnToday() {
        Policy p = policy("""
                {"schedule": {"timezone": "UTC", "default": {"allow": "00:00-23:59"},
                  "overrides": [{"days": ["mon"], "deny": true}, {"days": ["SAT", "Wed"], "deny": true}]}}""");
        assertEquals("fail|Transactions denied on wed", line(eval(attempt("1", "x"), p, snap()), "schedule"));
        // Tokyo is already Thursday at 2026-04-08T16:00Z: the day is taken in the schedule zone.
        Policy tokyo = policy("""
                {"schedule": {"timezone": "Asia/Tokyo", "default": {},
                  "overrides": [{"days": ["wed"], "deny": true}]}}""");
        assertEquals("pass|No time restriction", line(eval(attempt("1", "x"), tokyo, List.of(), snap(),
                Instant.parse("2026-04-08T16:00:00Z")), "schedule"));
    }

    @Test
    void firstDecidingOverrideWinsAndDailyLimitOnlyOverrideIsSkipped() {
        Policy p = policy("""
                {"daily_limit": 1000, "schedule": {"timezone": "UTC", "default": {"allow": "00:00-01:00"},
                  "overrides": [{"days": ["wed"], "daily_limit": "20.00"},
                                {"days": ["wed"], "allow": "14:00-15:00"},
                                {"days": ["wed"], "deny": true}]}}""");
        Decision d = eval(attempt("5.00", "x"), p, snap().agent(1000, 0, 0));
        assertEquals("pass|14:30 within 14:00-15:00", line(d, "schedule"));
        assertEquals("pass|15.00/20.00 spent today", line(d, "daily_limit"));
        assertEquals(List.of(Guard.of(Counter.AGENT_DAILY, 2000)), d.guards());

        Decision over = eval(attempt("10.01", "x"), p, snap().agent(1000, 0, 0));
        assertEquals("fail|20.01 would exceed daily limit 20.00", line(over, "daily_limit"));
    }

    @Test
    void overrideWithOnlyDailyLimitFallsThroughToDefault() {
        Policy p = policy("""
                {"schedule": {"timezone": "UTC", "default": {"allow": "09:00-10:00"},
                  "overrides": [{"days": ["wed"], "daily_limit": 50}]}}""");
        Decision d = eval(attempt("1.00", "x"), p, snap());
        assertEquals("fail|14:30 outside 09:00-10:00", line(d, "schedule"));
        assertEquals("pass|1.00/50 spent today", line(d, "daily_limit"));
        Policy noDefault = policy("""
                {"schedule": {"timezone": "UTC", "default": {}, "overrides": [{"days": ["wed"], "daily_limit": 50}]}}""");
        assertEquals("pass|No time restriction", line(eval(attempt("1", "x"), noDefault, snap()), "schedule"));
    }

    @Test
    void overrideForAnotherDayDoesNotApply() {
        Policy p = policy("""
                {"daily_limit": 1000, "schedule": {"timezone": "UTC", "default": {},
                  "overrides": [{"days": ["thu"], "deny": true, "daily_limit": 1}]}}""");
        Decision d = eval(attempt("1.00", "x"), p, snap());
        assertEquals("pass|No time restriction", line(d, "schedule"));
        assertEquals("pass|1.00/1000 spent today", line(d, "daily_limit"));
    }

    @Test
    void malformedScheduleFailsClosed() {
        String invalid = "fail|Invalid schedule format, denying (fail-closed)";
        for (String s : new String[] {
                "{\"timezone\": \"UTC\", \"default\": {\"allow\": \"9am-5pm\"}}",
                "{\"timezone\": \"UTC\", \"default\": {\"allow\": \"25:00-26:00\"}}",
                "{\"timezone\": \"UTC\", \"default\": {\"allow\": 9}}",
                "{\"timezone\": \"UTC\", \"default\": {\"allow\": \"\"}}",
                "{\"timezone\": \"UTC\", \"default\": {}, \"overrides\": [{\"days\": [\"wed\"], \"allow\": \"x\"}]}",
                "{\"timezone\": \"UTC\", \"default\": \"always\"}",
                "{\"timezone\": \"UTC\", \"default\": {}, \"overrides\": {\"days\": [\"wed\"]}}",
                "\"9-5\""}) {
            Decision d = eval(attempt("1", "x"), policy("{\"schedule\": " + s + "}"), snap());
            assertEquals(invalid, line(d, "schedule"), s);
            assertEquals(Outcome.REJECTED, d.outcome(), s);
        }
        // A malformed window that does not decide today is harmless.
        Policy other = policy("""
                {"schedule": {"timezone": "UTC", "default": {},
                  "overrides": [{"days": ["thu"], "allow": "garbage"}]}}""");
        assertEquals("pass|No time restriction", line(eval(attempt("1", "x"), other, snap()), "schedule"));
    }

    // --- account rules

    @Test
    void accountRulesAppendAfterAgentChecks() {
        List<AccountRule> rules = List.of(
                Fixtures.rule("r1", "Monthly cap", LimitType.MONTHLY, 100_000, 0),
                Fixtures.rule("r2", "Daily cap", LimitType.DAILY, 10_000, 0),
                Fixtures.rule("r3", "Lifetime", LimitType.TOTAL, 500_000, 0));
        Decision d = eval(attempt("25.5", "x"), Policy.NONE, rules, snap().account(7000, 0, 50_000, 100_000), NOW);
        List<String> l = lines(d);
        assertEquals(11, l.size());
        assertEquals("account_budget:Monthly cap|pass|Account monthly 525.50/1000.00", l.get(8));
        assertEquals("account_budget:Daily cap|pass|Account daily 95.50/100.00", l.get(9));
        assertEquals("account_budget:Lifetime|pass|Account total 1025.50/5000.00", l.get(10));
        assertEquals(List.of(Guard.of(Counter.ACCOUNT_MONTHLY, 100_000), Guard.of(Counter.ACCOUNT_DAILY, 10_000),
                Guard.of(Counter.ACCOUNT_TOTAL, 500_000)), d.guards());
    }

    @Test
    void accountRuleFailureRejectsAndIsInclusive() {
        List<AccountRule> rules = List.of(Fixtures.rule("r1", "Weekly", LimitType.WEEKLY, 10_000, 0));
        Decision at = eval(attempt("40.00", "x"), Policy.NONE, rules, snap().account(0, 6000, 0, 0), NOW);
        assertEquals("pass|Account weekly 100.00/100.00", line(at, "account_budget:Weekly"));
        Decision over = eval(attempt("40.01", "x"), Policy.NONE, rules, snap().account(0, 6000, 0, 0), NOW);
        assertEquals("fail|Account weekly 100.01 would exceed limit 100.00", line(over, "account_budget:Weekly"));
        assertEquals(Outcome.REJECTED, over.outcome());
        assertEquals(List.of(), over.guards());
        Policy auto = policy("{\"auto_approve\": {\"enabled\": true}}");
        assertEquals(Outcome.REJECTED, eval(attempt("40.01", "x"), auto, rules, snap().account(0, 6000, 0, 0), NOW).outcome());
        assertEquals(Outcome.AUTO_APPROVED, eval(attempt("40.00", "x"), auto, rules, snap().account(0, 6000, 0, 0), NOW).outcome());
    }

    @Test
    void accountRulesSkippedWhenAgentChecksFail() {
        List<AccountRule> rules = List.of(Fixtures.rule("r1", "Daily", LimitType.DAILY, 1, 0));
        Decision d = eval(attempt("20", "x"), policy("{\"per_request_limit\": 10}"), rules, snap(), NOW);
        assertEquals(8, d.checks().size());
    }

    @Test
    void temporalRuleUsesItsOwnCounter() {
        AccountRule promo = new AccountRule("t1", "Promo", LimitType.TOTAL, 5_000, "50.00", 0, null,
                Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-04-30T00:00:00Z"), true);
        Decision d = eval(attempt("10.00", "x"), Policy.NONE, List.of(promo),
                snap().account(0, 0, 0, 900_000).rule("t1", 4000), NOW);
        assertEquals("pass|Account total 50.00/50.00", line(d, "account_budget:Promo"));
        assertEquals(List.of(new Guard(Counter.RULE, "t1", 5_000)), d.guards());
        Decision fresh = eval(attempt("10.00", "x"), Policy.NONE, List.of(promo), snap(), NOW);
        assertEquals("pass|Account total 10.00/50.00", line(fresh, "account_budget:Promo"), "absent counter is 0");
        Decision over = eval(attempt("10.01", "x"), Policy.NONE, List.of(promo), snap().rule("t1", 4000), NOW);
        assertEquals("fail|Account total 50.01 would exceed limit 50.00", line(over, "account_budget:Promo"));
    }

    @Test
    void accountRuleDaysUseAccountZone() {
        // 2026-04-08T02:00Z is Wednesday in UTC but Tuesday 22:00 in New York.
        Instant lateTuesdayNy = Instant.parse("2026-04-08T02:00:00Z");
        AccountRule tuesday = new AccountRule("d1", "Tue", LimitType.DAILY, 100, "1.00", 0, List.of(1),
                null, null, true);
        assertEquals("fail|Account daily 5.00 would exceed limit 1.00",
                line(eval(attempt("5.00", "x"), Policy.NONE, List.of(tuesday), snap(), lateTuesdayNy), "account_budget:Tue"));
        Decision utc = PolicyEngine.evaluate(attempt("5.00", "x"), AgentStatus.ACTIVE, Policy.NONE, List.of(tuesday),
                ZoneId.of("UTC"), snap().build(), lateTuesdayNy);
        assertEquals(8, utc.checks().size());
    }

    @Test
    void allGuardsForAnAcceptedRequest() {
        Policy p = policy("""
                {"daily_limit": 100, "weekly_limit": 200, "monthly_limit": 300.5,
                 "requests_per_minute": 2, "requests_per_hour": 20}""");
        AccountRule temporal = new AccountRule("t", "T", LimitType.TOTAL, 9_000, "90.00", 0, null,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"), true);
        List<AccountRule> rules = List.of(Fixtures.rule("w", "W", LimitType.WEEKLY, 8_000, 0), temporal);
        Decision d = eval(attempt("1", "x"), p, rules, snap(), NOW);
        assertEquals(Outcome.PENDING, d.outcome());
        assertEquals(List.of(
                Guard.of(Counter.AGENT_DAILY, 10_000),
                Guard.of(Counter.AGENT_WEEKLY, 20_000),
                Guard.of(Counter.AGENT_MONTHLY, 30_050),
                Guard.of(Counter.ACCOUNT_WEEKLY, 8_000),
                new Guard(Counter.RULE, "t", 9_000),
                Guard.of(Counter.VELOCITY_MINUTE, 2),
                Guard.of(Counter.VELOCITY_HOUR, 20)), d.guards());
    }

    @Test
    void evaluationIsDeterministic() {
        Policy p = policy(FIXTURE);
        Decision a = eval(attempt("100.00", "groceries"), p, snap());
        Decision b = eval(attempt("100.00", "groceries"), p, snap());
        assertEquals(a, b);
    }
}
