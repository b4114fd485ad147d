package dev.purser.events;

import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The transactional outbox: an event is an item written in the SAME transaction as the state change
 * it describes, so a change without its event (or an event without its change) cannot exist. The
 * table's stream carries the item to the relay, which publishes it to EventBridge. Items expire
 * after a week; the stream has long delivered them by then.
 */
public final class Outbox {
    static final Duration RETENTION = Duration.ofDays(7);

    private final String table;

    public Outbox(String table) {
        this.table = table;
    }

    public static String newEventId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** The event envelope: {@code id, type, created_at, account_id, data}. */
    public static ObjectNode envelope(String id, EventType type, Instant at, String accountId, JsonNode data) {
        ObjectNode e = Json.object();
        e.put("id", id);
        e.put("type", type.wire());
        e.put("created_at", Times.wire(at));
        e.put("account_id", accountId);
        e.set("data", data);
        return e;
    }

    public TransactWriteItem put(EventType type, String accountId, JsonNode data, Instant at) {
        String id = newEventId();
        Map<String, AttributeValue> item = Map.of(
                TableDefinition.PK, s(Keys.event(id)),
                TableDefinition.SK, s(Keys.EVENT_SK),
                "event_id", s(id),
                "type", s(type.wire()),
                "account_id", s(accountId),
                "created_at", s(Times.stored(at)),
                "envelope", s(Json.write(envelope(id, type, at, accountId, data))),
                TableDefinition.TTL, n(at.plus(RETENTION).getEpochSecond()));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }
}
