package dev.purser.policy;

/**
 * A counter a limit is checked against. Money counters hold spent + held in minor units; the
 * velocity counters hold accepted requests. The store keeps one item per counter and period.
 */
public enum Counter {
    AGENT_DAILY, AGENT_WEEKLY, AGENT_MONTHLY,
    ACCOUNT_DAILY, ACCOUNT_WEEKLY, ACCOUNT_MONTHLY,
    /** Account lifetime spent + held ({@code total} rules without both start_at and end_at). */
    ACCOUNT_TOTAL,
    /** A temporal {@code total} rule's own counter; {@link Guard#ruleId()} names the rule. */
    RULE,
    VELOCITY_MINUTE, VELOCITY_HOUR,
    /** The agent's calendar year (account timezone). */
    AGENT_YEARLY,
    /**
     * The agent's rolling 24-hour window: the current UTC hour bucket, guarded so that it plus the
     * other buckets as read stays within the limit; {@link Guard#basis()} holds those buckets.
     */
    AGENT_ROLLING_24H
}
