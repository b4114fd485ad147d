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
 */
public record Snapshot(
        long budget, long spent, long held,
        long agentDaily, long agentWeekly, long agentMonthly,
        long accountDaily, long accountWeekly, long accountMonthly,
        long accountTotal,
        Map<String, Long> ruleCounters,
        long minuteCount, long hourCount) {

    public Snapshot {
        ruleCounters = Map.copyOf(ruleCounters);
    }

    public long remaining() {
        return budget - spent - held;
    }
}
