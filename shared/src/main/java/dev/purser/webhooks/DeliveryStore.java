package dev.purser.webhooks;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Delivery records: {@code WEBHOOK#id / DELIVERY#eventId}, so (event, subscription) has exactly
 * one; listed per webhook through gsi1 ({@code WEBHOOK#id#DELIVERIES}, newest first). Only the
 * dispatcher holding the message writes a delivery, so a plain put is enough. Kept 30 days.
 *
 * <p>A pending delivery also sits on the sparse {@code due} index (partition {@value #DUE_PARTITION},
 * sort key = next attempt time), so a runtime whose queue lost the message (the local runtime's
 * queue lives in memory) finds every delivery whose retry is due and hands it back to the
 * dispatcher ({@link #due}). A final delivery leaves the index.
 */
public final class DeliveryStore {
    static final Duration RETENTION = Duration.ofDays(30);
    /** The {@code due} index partition of pending deliveries (requests use {@code Keys.DUE_PARTITION}). */
    public static final String DUE_PARTITION = "DUE#DELIVERY";

    /** A pending delivery whose next attempt is due. */
    public record Due(String webhookId, String eventId, String accountId, java.time.Instant nextAttemptAt) {}

    private final DynamoDbClient dynamo;
    private final String table;

    public DeliveryStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public Delivery get(String webhookId, String eventId) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(Keys.webhook(webhookId), Keys.deliverySk(eventId)))).item();
        return item == null || item.isEmpty() ? null : Delivery.fromItem(item);
    }

    public void save(Delivery d) {
        dynamo.putItem(b -> b.tableName(table).item(toItem(d)));
    }

    /** Pending deliveries whose next attempt is at or before {@code before}, oldest first. */
    public List<Due> due(java.time.Instant before, int limit) {
        var r = dynamo.query(b -> b.tableName(table).indexName(TableDefinition.DUE)
                .keyConditionExpression("#p = :p AND #d <= :before")
                .expressionAttributeNames(Map.of("#p", TableDefinition.DUE_PK, "#d", TableDefinition.DUE_AT))
                .expressionAttributeValues(Map.of(":p", s(DUE_PARTITION), ":before", s(Times.stored(before) + "#~")))
                .limit(limit));
        List<Due> out = new ArrayList<>();
        for (var i : r.items()) {
            out.add(new Due(i.get("webhook_id").s(), i.get("event_id").s(), i.get("account_id").s(),
                    Times.parse(i.get("next_attempt_at").s())));
        }
        return out;
    }

    /** Takes a delivery off the due index (its subscription or its event is gone: nothing to retry). */
    public void forgetDue(String webhookId, String eventId) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(Keys.webhook(webhookId), Keys.deliverySk(eventId)))
                    .updateExpression("REMOVE #p, #d")
                    .conditionExpression("attribute_exists(#p)")
                    .expressionAttributeNames(Map.of("#p", TableDefinition.DUE_PK, "#d", TableDefinition.DUE_AT)));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException gone) {
            // already off the index (or the record expired): nothing to do
        }
    }

    /** The webhook's latest deliveries, newest first. */
    public List<Delivery> list(String webhookId, int limit) {
        var r = dynamo.query(b -> b.tableName(table).indexName(TableDefinition.GSI1)
                .keyConditionExpression("gsi1pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(Keys.webhookDeliveries(webhookId))))
                .scanIndexForward(false).limit(limit));
        List<Delivery> out = new ArrayList<>();
        r.items().forEach(i -> out.add(Delivery.fromItem(i)));
        return out;
    }

    private static Map<String, AttributeValue> toItem(Delivery d) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(Keys.webhook(d.webhookId())));
        item.put(TableDefinition.SK, s(Keys.deliverySk(d.eventId())));
        item.put(TableDefinition.GSI1_PK, s(Keys.webhookDeliveries(d.webhookId())));
        item.put(TableDefinition.GSI1_SK, s(Times.stored(d.createdAt()) + "#" + d.eventId()));
        item.put("webhook_id", s(d.webhookId()));
        item.put("event_id", s(d.eventId()));
        item.put("event_type", s(d.eventType()));
        item.put("account_id", s(d.accountId()));
        item.put("state", s(d.state().wire()));
        item.put("attempts", n(d.attempts()));
        item.put("created_at", s(Times.stored(d.createdAt())));
        if (d.firstAttemptAt() != null) item.put("first_attempt_at", s(Times.stored(d.firstAttemptAt())));
        if (d.lastAttemptAt() != null) item.put("last_attempt_at", s(Times.stored(d.lastAttemptAt())));
        if (d.lastStatusCode() != null) item.put("last_status_code", n(d.lastStatusCode()));
        if (d.lastLatencyMs() != null) item.put("last_latency_ms", n(d.lastLatencyMs()));
        if (d.lastError() != null) item.put("last_error", s(d.lastError()));
        if (d.nextAttemptAt() != null) item.put("next_attempt_at", s(Times.stored(d.nextAttemptAt())));
        if (d.state() == Delivery.State.PENDING && d.nextAttemptAt() != null) {
            item.put(TableDefinition.DUE_PK, s(DUE_PARTITION));
            item.put(TableDefinition.DUE_AT, s(Times.stored(d.nextAttemptAt()) + "#" + d.webhookId() + "#" + d.eventId()));
        }
        List<AttributeValue> log = new ArrayList<>();
        for (Delivery.Attempt a : d.log()) {
            Map<String, AttributeValue> m = new HashMap<>();
            m.put("at", s(Times.stored(a.at())));
            m.put("status_code", n(a.statusCode()));
            m.put("latency_ms", n(a.latencyMs()));
            if (a.error() != null) m.put("error", s(a.error()));
            log.add(AttributeValue.fromM(m));
        }
        item.put("log", AttributeValue.fromL(log));
        item.put(TableDefinition.TTL, n(d.createdAt().plus(RETENTION).getEpochSecond()));
        return item;
    }
}
