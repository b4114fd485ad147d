package dev.purser.policy;

/**
 * A limit that held when the engine decided and that the storage transaction must re-assert
 * atomically: after this request is added, {@code counter} must not exceed {@code limit}.
 * For money counters the request adds its amount; for velocity counters it adds one.
 * The store turns each guard into a DynamoDB condition {@code used <= limit - increment}.
 * (The agent budget is always guarded, on the agent item's {@code available} attribute.)
 *
 * @param ruleId the account rule id when {@code counter == RULE}, else null
 */
public record Guard(Counter counter, String ruleId, long limit) {
    public static Guard of(Counter counter, long limit) {
        return new Guard(counter, null, limit);
    }
}
