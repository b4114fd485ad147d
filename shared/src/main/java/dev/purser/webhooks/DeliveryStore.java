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
 */
public final class DeliveryStore {
    static final Duration RETENTION = Duration.ofDays(30);

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
