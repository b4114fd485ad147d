package dev.purser.policy;

import java.util.Map;

/**
 * The figures a decision is made against, read in one batch before the decision. All money in
 * minor units of the account currency; window figures are spent + held in the current calendar
 * window of the account timezone.
 *
 * @param budget agent lifetime budget
 * @param spent agent lifetime spent
 * @param held agent lifetime held
 * @param ruleCounters temporal rule id to its own counter (spent + held added while active)
 * @param minuteCount accepted requests of this agent in the current UTC minute
 * @param hourCount accepted requests of this agent in the current UTC hour
 * @param agentYearly the agent's spent + held in the current calendar year (account timezone)
 * @param rolling the agent's hour buckets of the rolling 24-hour window (bucket → used, the
 *                current hour first), or null when the reader did not read them (no rolling limit
 *                was configured when it chose its keys; the engine then fails that check closed)
 */
public record Snapshot(
        long budget, long spent, long held,
        long agentDaily, long agentWeekly, long agentMonthly,
        long accountDaily, long accountWeekly, long accountMonthly,
        long accountTotal,
        Map<String, Long> ruleCounters,
        long minuteCount, long hourCount,
        long agentYearly, java.util.LinkedHashMap<String, Long> rolling) {

    public Snapshot {
        ruleCounters = Map.copyOf(ruleCounters);
        rolling = rolling == null ? null : new java.util.LinkedHashMap<>(rolling);
    }

    /** A snapshot without the yearly and rolling figures (paths that do not read them). */
    public Snapshot(long budget, long spent, long held,
                    long agentDaily, long agentWeekly, long agentMonthly,
                    long accountDaily, long accountWeekly, long accountMonthly,
                    long accountTotal, Map<String, Long> ruleCounters, long minuteCount, long hourCount) {
        this(budget, spent, held, agentDaily, agentWeekly, agentMonthly, accountDaily, accountWeekly, accountMonthly,
                accountTotal, ruleCounters, minuteCount, hourCount, 0, null);
    }

    /** The agent's spent + held over the rolling 24-hour window (0 when not read). */
    public long agentRolling24h() {
        if (rolling == null) return 0;
        long sum = 0;
        for (long v : rolling.values()) sum += v;
        return sum;
    }

    public long remaining() {
        return budget - spent - held;
    }
}
