package dev.purser.requests;

import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import dev.purser.store.DueIndex;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
        return search(accountId, Search.of(status, agentId), limit, cursor);
    }

    /**
     * The owner's search over the account's whole history (every filter optional): the creation
     * range {@code [from, to)} is a key condition on the account index; status, agent and amount
     * are DynamoDB filters; the merchant (case-insensitive substring) is matched here, on the same
     * pages, so a page never reads more than {@code limit} items either way.
     */
    public record Search(String status, String agentId, Instant from, Instant to, Long minAmount, Long maxAmount, String merchant) {
        public static Search of(String status, String agentId) {
            return new Search(status, agentId, null, null, null, null, null);
        }

        boolean matches(PurchaseRequest r) {
            return merchant == null || (r.merchantName() != null
                    && r.merchantName().toLowerCase(Locale.ROOT).contains(merchant.toLowerCase(Locale.ROOT)));
        }
    }

    public Page search(String accountId, Search f, int limit, Map<String, AttributeValue> cursor) {
        List<PurchaseRequest> out = new ArrayList<>();
        Map<String, AttributeValue> start = cursor;
        Map<String, AttributeValue> last = null;
        do {
            QueryResponse page = dynamo.query(searchQuery(accountId, f, start, limit - out.size()));
            for (var item : page.items()) {
                PurchaseRequest r = PurchaseRequest.fromItem(item);
                if (f.matches(r)) out.add(r);
            }
            last = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            start = last;
        } while (start != null && out.size() < limit);
        return new Page(out, last);
    }

    private QueryRequest searchQuery(String accountId, Search f, Map<String, AttributeValue> start, int limit) {
        QueryRequest base = listQuery(TableDefinition.GSI2, TableDefinition.GSI2_PK, Keys.accountRequests(accountId), f.status(), start, limit);
        Map<String, String> names = new HashMap<>(base.expressionAttributeNames());
        Map<String, AttributeValue> values = new HashMap<>(base.expressionAttributeValues());
        List<String> filters = new ArrayList<>();
        if (base.filterExpression() != null) filters.add(base.filterExpression());
        String key = base.keyConditionExpression();
        if (f.from() != null || f.to() != null) {
            // The sort key is "<created>#<id>": "<from>" sorts before every request of that instant, "<to>" before them too.
            names.put("#k", TableDefinition.GSI2_SK);
            values.put(":from", s(f.from() == null ? "0" : Times.stored(f.from())));
            values.put(":to", s(f.to() == null ? "~" : Times.stored(f.to())));
            key += " AND #k BETWEEN :from AND :to";
        }
        if (f.agentId() != null) {
            values.put(":agent", s(f.agentId()));
            filters.add("agent_id = :agent");
        }
        if (f.minAmount() != null) {
            values.put(":min", n(f.minAmount()));
            filters.add("amount >= :min");
        }
        if (f.maxAmount() != null) {
            values.put(":max", n(f.maxAmount()));
            filters.add("amount <= :max");
        }
        return base.toBuilder().keyConditionExpression(key).expressionAttributeNames(names).expressionAttributeValues(values)
                .filterExpression(filters.isEmpty() ? null : String.join(" AND ", filters)).build();
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
