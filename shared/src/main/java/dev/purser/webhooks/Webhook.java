package dev.purser.webhooks;

import static dev.purser.store.Attr.flag;
import static dev.purser.store.Attr.list;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A subscription: where to POST which events, signed with which secret. The secret is stored as
 * is (Purser must sign with it), protected by the table's encryption at rest, and shown to the
 * owner only when created or rotated.
 */
public record Webhook(
        String id,
        String accountId,
        String url,
        List<String> events,
        String description,
        boolean enabled,
        String secret,
        Instant createdAt,
        Instant updatedAt) {

    public boolean wants(String eventType) {
        return enabled && EventPatterns.anyMatches(events, eventType);
    }

    public static Webhook fromItem(Map<String, AttributeValue> item) {
        return new Webhook(str(item, "webhook_id"), str(item, "account_id"), str(item, "url"), list(item, "events"),
                str(item, "description"), flag(item, "enabled"), str(item, "secret"),
                Times.parse(str(item, "created_at")), Times.parse(str(item, "updated_at")));
    }

    /** The owner API's webhook (never the secret). */
    public ObjectNode view() {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("url", url);
        var ev = o.putArray("events");
        events.forEach(ev::add);
        o.put("description", description);
        o.put("enabled", enabled);
        o.put("created_at", Times.wire(createdAt));
        o.put("updated_at", Times.wire(updatedAt));
        return o;
    }
}
