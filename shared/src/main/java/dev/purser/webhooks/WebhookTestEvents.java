package dev.purser.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.commit.Commit;
import dev.purser.events.EventType;
import dev.purser.events.Outbox;
import dev.purser.json.Json;
import dev.purser.store.Attr;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A {@code webhook.test} event through the outbox: the same commit, relay and dispatcher as any
 * event, so a test delivery proves the whole path.
 */
public record WebhookTestEvents(DynamoDbClient dynamo, String table) {
    /** Commits the event; returns its id. */
    public String send(Webhook w, Instant now) {
        ObjectNode data = Json.object();
        data.put("webhook_id", w.id());
        data.put("message", "This is a test event from Purser.");
        var put = new Outbox(table).put(EventType.WEBHOOK_TEST, w.accountId(), data, now);
        var outcome = Commit.in(table).item("event:" + EventType.WEBHOOK_TEST.wire(), put).run(dynamo);
        if (!outcome.committed()) throw new IllegalStateException("webhook test event not committed: " + outcome);
        return Attr.str(put.put().item(), "event_id");
    }
}
