package dev.purser.policy;

import dev.purser.money.Money;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides a purchase request (§2.2-§2.7). A pure function of its arguments: the caller reads
 * the clock and the counters once and passes them in, so a decision can be replayed and tested
 * exactly, and the engine holds no state.
 *
 * <p>Money is compared in minor units. Check details format numbers as upstream's
 * {@code str(Decimal)}: the request amount with the scale it was sent with, counters plus the
 * amount with scale {@code max(2, sent scale)}, limits as written in the policy.
 */
public final class PolicyEngine {
    private PolicyEngine() {}

    public static Decision evaluate(PurchaseAttempt attempt, AgentStatus status, Policy policy,
                                    List<AccountRule> accountRules, ZoneId accountZone,
                                    Snapshot snapshot, Instant now) {
        Policy p = policy == null ? Policy.NONE : policy;
        List<Check> checks = new ArrayList<>(12);

        checks.add(status == AgentStatus.ACTIVE
                ? Check.pass("status", "Agent is active")
                : Check.fail("status", "Agent is " + status.wire()));

        if (p.hasVelocityLimit()) {
            Check velocity = velocity(p, snapshot);
            checks.add(velocity);
            // Velocity is the one short-circuit: it absorbs runaway loops cheaply.
            if (!velocity.passed()) {
                boolean minute = p.requestsPerMinute() != null && snapshot.minuteCount() + 1 > p.requestsPerMinute();
                return new Decision(Outcome.REJECTED, checks, minute ? VelocityScope.MINUTE : VelocityScope.HOUR, List.of());
            }
        }

        BigDecimal amount = attempt.amount();
        long amountMinor = attempt.amountMinor();
        String amountText = amount.toPlainString();

        checks.add(category(attempt.category(), p));
        if (p.hasMerchantRule()) checks.add(merchant(attempt.merchantName(), p));
        checks.add(perRequest(amountMinor, amountText, p.perRequestLimit()));

        Schedule schedule = p.schedule();
        DayOfWeek scheduleDay = null;
        if (schedule == null) {
            checks.add(Check.pass("schedule", "No schedule set"));
        } else if (schedule.malformed()) {
            checks.add(invalidSchedule());
        } else {
            ZonedDateTime local = now.atZone(schedule.effectiveZone(accountZone));
            scheduleDay = local.getDayOfWeek();
            checks.add(schedule(schedule, local));
        }

        Limit override = scheduleDay == null ? null : schedule.dailyLimitOn(scheduleDay);
        Limit daily = override != null ? override : p.dailyLimit();
        checks.add(window("daily_limit", "daily", "today", daily, snapshot.agentDaily(), amountMinor, amount));
        checks.add(window("weekly_limit", "weekly", "this week", p.weeklyLimit(), snapshot.agentWeekly(), amountMinor, amount));
        checks.add(window("monthly_limit", "monthly", "this month", p.monthlyLimit(), snapshot.agentMonthly(), amountMinor, amount));
        // Purser's yearly and rolling 24-hour windows: shown only when configured, so policies
        // without them answer exactly as upstream's.
        if (p.yearlyLimit() != null) {
            checks.add(window(Policy.YEARLY_LIMIT, "yearly", "this year", p.yearlyLimit(), snapshot.agentYearly(), amountMinor, amount));
        }
        if (p.rolling24hLimit() != null) {
            checks.add(snapshot.rolling() == null
                    ? Check.fail(Policy.ROLLING_24H_LIMIT, "Rolling 24-hour spend was not read, denying (fail-closed)")
                    : window(Policy.ROLLING_24H_LIMIT, "rolling 24-hour", "in the last 24 hours", p.rolling24hLimit(),
                            snapshot.agentRolling24h(), amountMinor, amount));
        }
        checks.add(budget(snapshot.remaining(), amountMinor, amountText));

        boolean passed = allPassed(checks);
        List<AccountRule> selected = List.of();
        if (passed) {
            // Account rules run only once every agent check has passed (§1.3 step 11).
            selected = AccountRules.select(accountRules, now, accountZone);
            for (AccountRule r : selected) checks.add(account(r, snapshot, amountMinor, amount));
            passed = allPassed(checks);
        }
        if (!passed) return new Decision(Outcome.REJECTED, checks, null, List.of());

        AutoApprove auto = p.autoApprove();
        Outcome outcome = auto != null && auto.qualifies(amountMinor, attempt.category())
                ? Outcome.AUTO_APPROVED : Outcome.PENDING;
        return new Decision(outcome, checks, null, guards(p, daily, selected, snapshot));
    }

    private static boolean allPassed(List<Check> checks) {
        for (Check c : checks) if (!c.passed()) return false;
        return true;
    }

    private static Check velocity(Policy p, Snapshot s) {
        Long rpm = p.requestsPerMinute(), rph = p.requestsPerHour();
        long minute = s.minuteCount() + 1, hour = s.hourCount() + 1;
        StringBuilder fail = new StringBuilder();
        if (rpm != null && minute > rpm) fail.append(minute).append(" would exceed ").append(rpm).append("/minute");
        if (rph != null && hour > rph) {
            if (fail.length() > 0) fail.append("; ");
            fail.append(hour).append(" would exceed ").append(rph).append("/hour");
        }
        if (fail.length() > 0) return Check.fail("velocity_limit", fail.toString());
        StringBuilder ok = new StringBuilder();
        if (rpm != null) ok.append(minute).append('/').append(rpm).append(" this minute");
        if (rph != null) {
            if (ok.length() > 0) ok.append(", ");
            ok.append(hour).append('/').append(rph).append(" this hour");
        }
        return Check.pass("velocity_limit", ok.toString());
    }

    private static Check category(String category, Policy p) {
        if (!p.allowedCategories().isEmpty()) {
            return p.allowedCategories().contains(category)
                    ? Check.pass("category", category + " in allowed list")
                    : Check.fail("category", category + " not in allowed list");
        }
        if (p.blockedCategories().contains(category)) return Check.fail("category", category + " is blocked");
        return Check.pass("category", "Category allowed");
    }

    /**
     * Purser's merchant check, on canonical names (docs/policy.md): the detail shows the canonical
     * form. A blocked pattern wins over an allowed one, so {@code allowed: ["*.example.com"],
     * blocked: ["ads.example.com"]} means what it says; a name confusable with a blocked pattern
     * (Unicode TS #39 skeleton) is blocked too.
     */
    private static Check merchant(String merchantName, Policy p) {
        String m = MerchantPattern.normalize(merchantName);
        String shown = m == null || m.equals(merchantName) ? merchantName : merchantName + " (canonical " + m + ")";
        if (m != null && !p.blockedMerchants().isEmpty()) {
            String key = MerchantName.confusableKey(m);
            for (MerchantPattern b : p.blockedMerchants()) {
                if (b.matches(m)) return Check.fail("merchant", shown + " is blocked");
            }
            for (MerchantPattern b : p.blockedMerchants()) {
                if (b.confusable(key)) return Check.fail("merchant", shown + " is blocked: confusable with " + b.pattern());
            }
        }
        if (p.allowedMerchants().isEmpty()) {
            return Check.pass("merchant", m == null ? "Merchant allowed" : "Merchant allowed (canonical " + m + ")");
        }
        if (m == null) return Check.fail("merchant", "No merchant given");
        for (MerchantPattern a : p.allowedMerchants()) {
            if (a.matches(m)) return Check.pass("merchant", shown + " in allowed list");
        }
        return Check.fail("merchant", shown + " not in allowed list");
    }

    private static Check perRequest(long amountMinor, String amountText, Limit limit) {
        if (limit == null) return Check.pass("per_request_limit", "No per-request limit set");
        return limit.allows(amountMinor)
                ? Check.pass("per_request_limit", amountText + " <= " + limit.display())
                : Check.fail("per_request_limit", amountText + " > " + limit.display());
    }

    private static Check schedule(Schedule s, ZonedDateTime local) {
        DayOfWeek day = local.getDayOfWeek();
        for (ScheduleOverride o : s.overrides()) {
            if (!o.matches(day) || !o.decides()) continue;
            if (o.deny()) return Check.fail("schedule", "Transactions denied on " + Days.name(day));
            return timeWindow(o.allow(), local);
        }
        if (s.defaultAllow() != null) return timeWindow(s.defaultAllow(), local);
        return Check.pass("schedule", "No time restriction");
    }

    private static Check timeWindow(TimeWindow w, ZonedDateTime local) {
        if (!w.valid()) return invalidSchedule();
        int hour = local.getHour(), minute = local.getMinute();
        String hhmm = (hour < 10 ? "0" : "") + hour + (minute < 10 ? ":0" : ":") + minute;
        return w.contains(hour * 60 + minute)
                ? Check.pass("schedule", hhmm + " within " + w.text())
                : Check.fail("schedule", hhmm + " outside " + w.text());
    }

    private static Check invalidSchedule() {
        return Check.fail("schedule", "Invalid schedule format, denying (fail-closed)");
    }

    private static Check window(String rule, String period, String spentWhen, Limit limit,
                                long counter, long amountMinor, BigDecimal amount) {
        if (limit == null) return Check.pass(rule, "No " + period + " limit set");
        String projected = sum(counter, amount);
        return limit.allows(Decimals.add(counter, amountMinor))
                ? Check.pass(rule, projected + "/" + limit.display() + " spent " + spentWhen)
                : Check.fail(rule, projected + " would exceed " + period + " limit " + limit.display());
    }

    private static Check budget(long remaining, long amountMinor, String amountText) {
        String r = Money.toDecimal(remaining).toPlainString();
        return remaining >= amountMinor
                ? Check.pass("budget", r + " remaining >= " + amountText)
                : Check.fail("budget", "Only " + r + " remaining, need " + amountText);
    }

    private static Check account(AccountRule r, Snapshot s, long amountMinor, BigDecimal amount) {
        long counter = accountCounter(r, s);
        String projected = sum(counter, amount);
        String rule = "account_budget:" + r.name();
        String type = r.limitType().wire();
        return Decimals.add(counter, amountMinor) <= r.limitMinor()
                ? Check.pass(rule, "Account " + type + " " + projected + "/" + r.limitDisplay())
                : Check.fail(rule, "Account " + type + " " + projected + " would exceed limit " + r.limitDisplay());
    }

    private static long accountCounter(AccountRule r, Snapshot s) {
        switch (r.limitType()) {
            case DAILY: return s.accountDaily();
            case WEEKLY: return s.accountWeekly();
            case MONTHLY: return s.accountMonthly();
            default:
                if (!r.temporal()) return s.accountTotal();
                Long own = r.id() == null ? null : s.ruleCounters().get(r.id());
                return own == null ? 0 : own;
        }
    }

    /** The counter plus the amount as upstream prints a Decimal sum: scale max(2, amount scale). */
    private static String sum(long counterMinor, BigDecimal amount) {
        return Money.toDecimal(counterMinor).add(amount).toPlainString();
    }

    private static List<Guard> guards(Policy p, Limit daily, List<AccountRule> selected, Snapshot s) {
        List<Guard> g = new ArrayList<>(8);
        if (daily != null) g.add(Guard.of(Counter.AGENT_DAILY, daily.minor()));
        if (p.weeklyLimit() != null) g.add(Guard.of(Counter.AGENT_WEEKLY, p.weeklyLimit().minor()));
        if (p.monthlyLimit() != null) g.add(Guard.of(Counter.AGENT_MONTHLY, p.monthlyLimit().minor()));
        if (p.yearlyLimit() != null) g.add(Guard.of(Counter.AGENT_YEARLY, p.yearlyLimit().minor()));
        if (p.rolling24hLimit() != null && s.rolling() != null) g.add(Guard.rolling(p.rolling24hLimit().minor(), s));
        for (AccountRule r : selected) g.add(accountGuard(r));
        if (p.requestsPerMinute() != null) g.add(Guard.of(Counter.VELOCITY_MINUTE, p.requestsPerMinute()));
        if (p.requestsPerHour() != null) g.add(Guard.of(Counter.VELOCITY_HOUR, p.requestsPerHour()));
        return g;
    }

    private static Guard accountGuard(AccountRule r) {
        switch (r.limitType()) {
            case DAILY: return Guard.of(Counter.ACCOUNT_DAILY, r.limitMinor());
            case WEEKLY: return Guard.of(Counter.ACCOUNT_WEEKLY, r.limitMinor());
            case MONTHLY: return Guard.of(Counter.ACCOUNT_MONTHLY, r.limitMinor());
            default:
                return r.temporal()
                        ? new Guard(Counter.RULE, r.id(), r.limitMinor())
                        : Guard.of(Counter.ACCOUNT_TOTAL, r.limitMinor());
        }
    }
}
