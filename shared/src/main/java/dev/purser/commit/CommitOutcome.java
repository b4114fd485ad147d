package dev.purser.commit;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How one {@link Commit} ended. Every case except {@link Committed} means NOTHING was written
 * (a transaction is all or nothing), so the caller may re-read and decide again.
 */
public sealed interface CommitOutcome {
    /** Durable: every item of the commit is written. */
    record Committed() implements CommitOutcome {}

    /**
     * The condition of the item labelled {@code label} (at {@code index} in the commit) did not
     * hold. {@code current} is the item as stored when the item asked for it
     * ({@code ReturnValuesOnConditionCheckFailure.ALL_OLD}), else empty.
     */
    record ConditionFailed(String label, int index, Map<String, AttributeValue> current) implements CommitOutcome {}

    /** Another transaction touched one of the items at the same time ({@code TransactionConflict}). */
    record LostRace(String label) implements CommitOutcome {}

    /** DynamoDB throttled the transaction (capacity or request rate). */
    record Throttled(String reason) implements CommitOutcome {}

    default boolean committed() {
        return this instanceof Committed;
    }
}
