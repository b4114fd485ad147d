package dev.purser.policy;

/**
 * A limit that held when the engine decided and that the storage transaction must re-assert
 * atomically: after this request is added, {@code counter} must not exceed {@code limit}.
 * For money counters the request adds its amount; for velocity counters it adds one.
 * The store turns each guard into a DynamoDB condition {@code used <= limit - increment}.
 * (The agent budget is always guarded, on the agent item's {@code available} attribute.)
 *
 * @param ruleId the account rule id when {@code counter == RULE}, else null
 * @param basis for {@link Counter#AGENT_ROLLING_24H}: the other hour buckets of the window with the
 *              {@code used} the decision read (missing = 0). {@code limit} is then the limit left
 *              for the current bucket (the policy limit minus their sum), and the store asserts
 *              each of them as {@code used <= read} in the same transaction, so the sum the
 *              decision relied on cannot have grown. Empty for every other counter.
 */
public record Guard(Counter counter, String ruleId, long limit, java.util.Map<String, Long> basis) {
    public Guard {
        basis = basis == null ? java.util.Map.of() : java.util.Map.copyOf(basis);
    }

    public Guard(Counter counter, String ruleId, long limit) {
        this(counter, ruleId, limit, java.util.Map.of());
    }

    public static Guard of(Counter counter, long limit) {
        return new Guard(counter, null, limit);
    }

    /**
     * The rolling window's guard from a snapshot that read its buckets: the current hour bucket
     * may grow to the limit minus what the older buckets held when read, and each older bucket is
     * asserted not to have grown.
     */
    public static Guard rolling(long limitMinor, Snapshot s) {
        java.util.Map<String, Long> others = new java.util.LinkedHashMap<>(s.rolling());
        String current = s.rolling().keySet().iterator().next();
        others.remove(current);
        long sumOthers = 0;
        for (long v : others.values()) sumOthers += v;
        return new Guard(Counter.AGENT_ROLLING_24H, null, limitMinor - sumOthers, others);
    }
}
