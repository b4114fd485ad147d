package dev.purser.store;

import static dev.purser.store.Attr.s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * All children of one owner on {@code gsi1} (an agent's tokens, an account's keys or webhooks),
 * every page. For the small sets of owner-side lists only; request lists page explicitly.
 */
public final class Children {
    private Children() {}

    public static List<Map<String, AttributeValue>> all(DynamoDbClient dynamo, String table, String gsi1pk,
                                                        boolean newestFirst) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(table).indexName(TableDefinition.GSI1)
                    .keyConditionExpression("#p = :p")
                    .expressionAttributeNames(Map.of("#p", TableDefinition.GSI1_PK))
                    .expressionAttributeValues(Map.of(":p", s(gsi1pk)))
                    .scanIndexForward(!newestFirst)
                    .exclusiveStartKey(from));
            out.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }
}
