package dev.purser.spendguard;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;

import dev.purser.store.AccountList;
import dev.purser.store.DueIndex;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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
        var page = AccountList.of(Reservation.accountList(accountId))
                .createdBetween(from == null ? null : Times.stored(from), to == null ? null : Times.stored(to))
                .where("agent_id = :agent", ":agent", agentId)
                .status(status == null ? null : status.wire())
                // gsi2sk is "created_at#id": BETWEEN's upper bound "to" excludes nothing created before it.
                .read(dynamo, table, limit, cursor, item -> {
                    Reservation r = Reservation.fromItem(item);
                    return to != null && !r.createdAt().isBefore(to) ? null : r;
                });
        return new Page(page.items(), page.next());
    }

    /** Held reservations whose expiry is before {@code now}, oldest expiry first. */
    public List<Reservation> due(Instant now, int limit) {
        return DueIndex.before(dynamo, table, Reservation.DUE_PARTITION, now, limit, null).stream().map(Reservation::fromItem).toList();
    }
}
