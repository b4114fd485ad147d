package dev.purser.store;

import static dev.purser.store.Attr.s;

import dev.purser.time.Times;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The sparse {@code due} index: only items that are waiting for a deadline carry its keys (a
 * partition per kind: pending requests, held reservations, active leases, ...), so a sweep reads
 * exactly the due ones, oldest first, and its cost follows them, not the table.
 */
public final class DueIndex {
    private DueIndex() {}

    /** Items of {@code partition} due before {@code now}, oldest first, at most {@code limit}. */
    public static List<Map<String, AttributeValue>> before(DynamoDbClient dynamo, String table, String partition, Instant now,
                                                          int limit, Map<String, AttributeValue> start) {
        return dynamo.query(QueryRequest.builder().tableName(table).indexName(TableDefinition.DUE)
                .keyConditionExpression("#p = :p AND #d < :now")
                .expressionAttributeNames(Map.of("#p", TableDefinition.DUE_PK, "#d", TableDefinition.DUE_AT))
                .expressionAttributeValues(Map.of(":p", s(partition), ":now", s(Times.stored(now))))
                .exclusiveStartKey(start)
                .limit(limit)
                .build()).items();
    }

    /**
     * A sweep: resolves due items batch by batch until none is left, {@code max} were examined, or
     * a whole batch resolved nothing (each lost to a racing transition, which takes them off the
     * index itself). Returns how many {@code resolve} reported done.
     */
    public static <T> int drain(int max, IntFunction<List<T>> due, Predicate<T> resolve) {
        int done = 0;
        int examined = 0;
        while (examined < max) {
            List<T> batch = due.apply(Math.min(100, max - examined));
            if (batch.isEmpty()) break;
            int before = done;
            for (T item : batch) {
                examined++;
                if (resolve.test(item)) done++;
            }
            if (before == done) break;
        }
        return done;
    }
}
