package dev.purser.store;

import static dev.purser.store.Attr.s;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * An account's list of one kind of item on {@code gsi2} (reservations, budget leases), newest
 * first, optionally filtered (an agent, a status) and bounded by creation time: the query pages
 * until {@code limit} items were taken or the list ends. Filters apply after DynamoDB's page
 * limit, so a page may come back short: the loop goes on from its last key.
 */
public final class AccountList {
    private final Map<String, String> names = new HashMap<>(Map.of("#p", TableDefinition.GSI2_PK));
    private final Map<String, AttributeValue> values = new HashMap<>();
    private final List<String> filters = new ArrayList<>();
    private String keyCondition = "#p = :p";

    private AccountList(String listPk) {
        values.put(":p", s(listPk));
    }

    /** The list whose gsi2 partition is {@code listPk}. */
    public static AccountList of(String listPk) {
        return new AccountList(listPk);
    }

    /** Only items whose gsi2 sort key ({@code created_at#id}) is in {@code [from, to]} (stored instants, either may be null). */
    public AccountList createdBetween(String from, String to) {
        if (from == null && to == null) return this;
        names.put("#s", TableDefinition.GSI2_SK);
        values.put(":from", s(from == null ? "" : from));
        values.put(":to", s(to == null ? "~" : to));
        keyCondition += " AND #s BETWEEN :from AND :to";
        return this;
    }

    /** A filter expression using {@code placeholder} for {@code value}; nothing when the value is null. */
    public AccountList where(String expression, String placeholder, String value) {
        if (value == null) return this;
        filters.add(expression);
        values.put(placeholder, s(value));
        return this;
    }

    /** Only items of this status (its wire name); nothing when null. */
    public AccountList status(String wire) {
        if (wire == null) return this;
        names.put("#st", "status");
        return where("#st = :st", ":st", wire);
    }

    /** A page of results and the key to go on from (null at the end). */
    public record Page<T>(List<T> items, Map<String, AttributeValue> next) {}

    /**
     * Reads from {@code cursor} until {@code limit} items were taken; {@code take} maps an item, or
     * answers null to leave it out.
     */
    public <T> Page<T> read(DynamoDbClient dynamo, String table, int limit, Map<String, AttributeValue> cursor,
                            Function<Map<String, AttributeValue>, T> take) {
        List<T> out = new ArrayList<>();
        Map<String, AttributeValue> start = cursor;
        Map<String, AttributeValue> last;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(TableDefinition.GSI2)
                    .keyConditionExpression(keyCondition).scanIndexForward(false)
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .exclusiveStartKey(start).limit(Math.max(1, Math.min(limit - out.size(), 100)));
            if (!filters.isEmpty()) q.filterExpression(String.join(" AND ", filters));
            QueryResponse page = dynamo.query(q.build());
            for (var item : page.items()) {
                T t = take.apply(item);
                if (t != null) out.add(t);
            }
            last = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            start = last;
        } while (start != null && out.size() < limit);
        return new Page<>(out, last);
    }
}
