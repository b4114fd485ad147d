package dev.purser.ledger.store;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The ledger's seam over {@code TransactWriteItems}: the items of ONE movement, each with a label,
 * run as one transaction; a cancellation names the first item whose condition failed. (The shared
 * commit builder of the write model replaces this once merged; the ledger only needs this shape.)
 */
public final class Tx {
    public static final int MAX_ITEMS = 100;

    private final List<TransactWriteItem> items = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();

    public Tx add(String label, TransactWriteItem item) {
        items.add(item);
        labels.add(label);
        return this;
    }

    public Tx addAll(String label, List<TransactWriteItem> more) {
        for (TransactWriteItem i : more) add(label, i);
        return this;
    }

    public int size() { return items.size(); }

    /** The items collected so far (to hand to another transaction builder). */
    public List<TransactWriteItem> items() { return List.copyOf(items); }

    /** How a transaction ended. */
    public sealed interface Result {
        record Committed() implements Result {}

        /** The condition on the item with this label failed. */
        record ConditionFailed(String label) implements Result {}

        /** Another transaction touched the same items, or DynamoDB throttled: retry on fresh figures. */
        record Contended(String code) implements Result {}
    }

    public Result run(DynamoDbClient dynamo) {
        if (items.size() > MAX_ITEMS) {
            throw new IllegalStateException("a movement of " + items.size() + " items exceeds DynamoDB's " + MAX_ITEMS);
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
            return new Result.Committed();
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (reasons != null) {
                for (int i = 0; i < reasons.size() && i < labels.size(); i++) {
                    if ("ConditionalCheckFailed".equals(reasons.get(i).code())) return new Result.ConditionFailed(labels.get(i));
                }
                for (CancellationReason r : reasons) {
                    if (r.code() != null && !"None".equals(r.code())) return new Result.Contended(r.code());
                }
            }
            return new Result.Contended("unknown");
        } catch (software.amazon.awssdk.services.dynamodb.model.TransactionConflictException
                 | software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException e) {
            return new Result.Contended(e.getClass().getSimpleName());
        }
    }
}
