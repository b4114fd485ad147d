package dev.purser.spendguard;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;

import dev.purser.store.DueIndex;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Reservation items: one by id, an account's newest first (gsi2), the due ones (sparse due index). */
public record ReservationStore(DynamoDbClient dynamo, String table) {

    public Optional<Reservation> get(String id) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(Reservation.pk(id), Reservation.SK))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Reservation.fromItem(item));
    }

    /** A page of reservations and the start key of the next page (null at the end). */
    public record Page(List<Reservation> reservations, Map<String, AttributeValue> next) {}

    /**
     * An account's reservations, newest first, optionally only one agent's / one status / created in
     * {@code [from, to)}.
     */
    public Page list(String accountId, String agentId, ReservationStatus status, Instant from, Instant to,
                     int limit, Map<String, AttributeValue> cursor) {
        List<Reservation> out = new ArrayList<>();
        Map<String, AttributeValue> start = cursor;
        Map<String, AttributeValue> last;
        do {
            Map<String, String> names = new HashMap<>(Map.of("#p", TableDefinition.GSI2_PK));
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", s(Reservation.accountList(accountId))));
            String keyCond = "#p = :p";
            if (from != null || to != null) {
                names.put("#s", TableDefinition.GSI2_SK);
                values.put(":from", s(from == null ? "" : Times.stored(from)));
                values.put(":to", s(to == null ? "~" : Times.stored(to)));
                keyCond += " AND #s BETWEEN :from AND :to";
            }
            List<String> filters = new ArrayList<>();
            if (agentId != null) {
                filters.add("agent_id = :agent");
                values.put(":agent", s(agentId));
            }
            if (status != null) {
                names.put("#st", "status");
                filters.add("#st = :st");
                values.put(":st", s(status.wire()));
            }
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(TableDefinition.GSI2)
                    .keyConditionExpression(keyCond).scanIndexForward(false)
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .exclusiveStartKey(start).limit(Math.max(1, Math.min(limit - out.size(), 100)));
            if (!filters.isEmpty()) q.filterExpression(String.join(" AND ", filters));
            QueryResponse page = dynamo.query(q.build());
            for (var item : page.items()) {
                // gsi2sk is "created_at#id": BETWEEN's upper bound "to" excludes nothing created before it.
                Reservation r = Reservation.fromItem(item);
                if (to != null && !r.createdAt().isBefore(to)) continue;
                out.add(r);
            }
            last = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            start = last;
        } while (start != null && out.size() < limit);
        return new Page(out, last);
    }

    /** Held reservations whose expiry is before {@code now}, oldest expiry first. */
    public List<Reservation> due(Instant now, int limit) {
        return DueIndex.before(dynamo, table, Reservation.DUE_PARTITION, now, limit, null).stream().map(Reservation::fromItem).toList();
    }
}
