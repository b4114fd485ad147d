package dev.purser.requests;

import static dev.purser.store.Attr.s;

import dev.purser.store.DueIndex;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Request lists: an agent's (newest first, offset paging), an account's (cursor paging), the due ones. */
public final class RequestQueries {
    private final DynamoDbClient dynamo;
    private final String table;

    public RequestQueries(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** An agent's requests, newest first, optionally of one status, skipping {@code offset}. */
    public List<PurchaseRequest> byAgent(String agentId, String status, int limit, int offset) {
        List<PurchaseRequest> out = new ArrayList<>();
        if (limit <= 0) return out;
        int skipped = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(listQuery(TableDefinition.GSI1, TableDefinition.GSI1_PK,
                    Keys.agentRequests(agentId), status, start, 100));
            for (var item : page.items()) {
                if (skipped < offset) {
                    skipped++;
                    continue;
                }
                out.add(PurchaseRequest.fromItem(item));
                if (out.size() >= limit) return out;
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    /** A page of an account's requests and the cursor of the next page (null at the end). */
    public record Page(List<PurchaseRequest> requests, Map<String, AttributeValue> next) {}

    public Page byAccount(String accountId, String status, String agentId, int limit, Map<String, AttributeValue> cursor) {
        List<PurchaseRequest> out = new ArrayList<>();
        Map<String, AttributeValue> start = cursor;
        Map<String, AttributeValue> last = null;
        do {
            QueryRequest.Builder q = listQuery(TableDefinition.GSI2, TableDefinition.GSI2_PK, Keys.accountRequests(accountId),
                    status, start, limit - out.size()).toBuilder();
            if (agentId != null) {
                QueryRequest base = q.build();
                Map<String, AttributeValue> values = new HashMap<>(base.expressionAttributeValues());
                values.put(":agent", s(agentId));
                Map<String, String> names = new HashMap<>(base.expressionAttributeNames());
                String filter = base.filterExpression() == null ? "agent_id = :agent" : base.filterExpression() + " AND agent_id = :agent";
                q.filterExpression(filter).expressionAttributeValues(values).expressionAttributeNames(names.isEmpty() ? null : names);
            }
            QueryResponse page = dynamo.query(q.build());
            for (var item : page.items()) out.add(PurchaseRequest.fromItem(item));
            last = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            start = last;
        } while (start != null && out.size() < limit);
        return new Page(out, last);
    }

    /** Pending requests whose expiry is before {@code now}, oldest expiry first, via the sparse index. */
    public List<PurchaseRequest> due(Instant now, int limit, Map<String, AttributeValue> start) {
        return DueIndex.before(dynamo, table, Keys.DUE_PARTITION, now, limit, start).stream().map(PurchaseRequest::fromItem).toList();
    }

    private QueryRequest listQuery(String index, String pkAttr, String pk, String status,
                                   Map<String, AttributeValue> start, int limit) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#p", pkAttr);
        values.put(":p", s(pk));
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(index)
                .keyConditionExpression("#p = :p")
                .scanIndexForward(false)
                .exclusiveStartKey(start)
                .limit(Math.max(1, Math.min(limit, 100)));
        if (status != null) {
            names.put("#st", "status");
            values.put(":st", s(status));
            q.filterExpression("#st = :st");
        }
        return q.expressionAttributeNames(names).expressionAttributeValues(values).build();
    }
}
