package dev.purser.store;

import dev.purser.retry.Contended;
import dev.purser.retry.Retry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * One {@code BatchGetItem} of up to 100 keys of the table, its unprocessed keys asked again in
 * the {@link Retry} loop (DynamoDB returns them under load; warm and unloaded it is one round
 * trip). Items that do not exist are simply absent from the answer.
 */
public final class BatchGet {
    private BatchGet() {}

    public static List<Map<String, AttributeValue>> items(DynamoDbClient dynamo, String table,
                                                          List<Map<String, AttributeValue>> keys, boolean consistent) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        if (keys.isEmpty()) return found;
        Map<String, KeysAndAttributes> request = Map.of(table,
                KeysAndAttributes.builder().keys(keys).consistentRead(consistent).build());
        for (int attempt : Retry.attempts(Retry.ATTEMPTS)) {
            Map<String, KeysAndAttributes> pending = request;
            BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(pending));
            found.addAll(response.responses().getOrDefault(table, List.of()));
            if (!response.hasUnprocessedKeys() || response.unprocessedKeys().isEmpty()) return found;
            request = response.unprocessedKeys();
        }
        throw new Contended("a batch read kept coming back unprocessed; retry shortly");
    }

    /** The {@code pk|sk} identity of an item, for finding it in a batch's answer. */
    public static String id(Map<String, AttributeValue> item) {
        return item.get(TableDefinition.PK).s() + "|" + item.get(TableDefinition.SK).s();
    }
}
