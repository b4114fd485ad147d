package dev.purser.payments;

import static dev.purser.store.Attr.s;

import dev.purser.ledger.store.LedgerKeys;
import dev.purser.ledger.store.PageCursor;
import dev.purser.store.TableDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Lists an account's payments (gsi1, newest first) with filters and a time range. */
public final class PaymentQueries {
    private final DynamoDbClient dynamo;
    private final String table;

    public PaymentQueries(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * @param from inclusive lower bound of created_at (stored format prefix), or null
     * @param to   exclusive upper bound, or null
     */
    public record Filter(String agentId, String status, String walletId, String rail, String from, String to) {}

    /** A page and the opaque cursor of the next (null at the end). */
    public record Page(List<Payment> payments, String next) {}

    public Page list(String accountId, Filter f, int limit, String cursor) {
        Map<String, AttributeValue> start = PageCursor.decode(cursor, TableDefinition.GSI1_PK,
                LedgerKeys.accountPayments(accountId));
        Map<String, String> names = new HashMap<>(Map.of("#p", TableDefinition.GSI1_PK));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", s(LedgerKeys.accountPayments(accountId))));
        String keyCond = "#p = :p";
        if (f.from() != null || f.to() != null) {
            names.put("#s", TableDefinition.GSI1_SK);
            values.put(":lo", s(f.from() == null ? "0" : f.from()));
            values.put(":hi", s(f.to() == null ? "9" : f.to()));
            keyCond += " AND #s BETWEEN :lo AND :hi";
        }
        List<String> filters = new ArrayList<>();
        if (f.agentId() != null) { filters.add("agent_id = :agent"); values.put(":agent", s(f.agentId())); }
        if (f.status() != null) { filters.add("#st = :status"); values.put(":status", s(f.status())); names.put("#st", "status"); }
        if (f.walletId() != null) {
            filters.add("(from_wallet_id = :wallet OR to_wallet_id = :wallet)");
            values.put(":wallet", s(f.walletId()));
        }
        if (f.rail() != null) { filters.add("rail = :rail"); values.put(":rail", s(f.rail())); }
        String kc = keyCond;
        QueryResponse r = dynamo.query(b -> b.tableName(table).indexName(TableDefinition.GSI1)
                .keyConditionExpression(kc)
                .filterExpression(filters.isEmpty() ? null : String.join(" AND ", filters))
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .scanIndexForward(false).limit(limit).exclusiveStartKey(start));
        String next = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()
                ? PageCursor.encode(r.lastEvaluatedKey()) : null;
        return new Page(r.items().stream().map(Payment::fromItem).toList(), next);
    }
}
