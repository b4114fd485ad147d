package dev.purser.webhooks;

import static dev.purser.store.Attr.bool;
import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.ss;

import dev.purser.store.Children;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Subscriptions: one item each ({@code WEBHOOK#id / WEBHOOK}), listed per account through gsi1
 * ({@code ACCOUNT#id#WEBHOOKS}, newest first). Reads by id check the account, so another
 * account's webhook is indistinguishable from a missing one.
 */
public final class WebhookStore {
    /** A generous ceiling on subscriptions per account; each event fans out to all of them. */
    public static final int MAX_PER_ACCOUNT = 50;

    private final DynamoDbClient dynamo;
    private final String table;

    public WebhookStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public Webhook create(String accountId, String url, List<String> events, String description, Instant now) {
        String id = "wh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        Webhook w = new Webhook(id, accountId, url, List.copyOf(events), description, true,
                WebhookSignature.newSecret(), now, now);
        dynamo.putItem(b -> b.tableName(table).item(toItem(w)).conditionExpression("attribute_not_exists(pk)"));
        return w;
    }

    /** The account's webhook, or null when it does not exist or belongs to another account. */
    public Webhook get(String accountId, String webhookId) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(Keys.webhook(webhookId), Keys.WEBHOOK_SK))).item();
        if (item == null || item.isEmpty()) return null;
        Webhook w = Webhook.fromItem(item);
        return w.accountId().equals(accountId) ? w : null;
    }

    /** Every subscription of the account, newest first (gsi1: eventually consistent). */
    public List<Webhook> list(String accountId) {
        List<Webhook> out = new ArrayList<>();
        Children.all(dynamo, table, Keys.accountWebhooks(accountId), true).forEach(i -> out.add(Webhook.fromItem(i)));
        return out;
    }

    /** Saves a changed webhook if it still exists; false when it was deleted meanwhile. */
    public boolean save(Webhook w) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(toItem(w)).conditionExpression("attribute_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Deletes the subscription. Its delivery records stay until their TTL, so the owner's history
     * is not rewritten; no new delivery starts once the item is gone.
     */
    public void delete(Webhook w) {
        dynamo.deleteItem(b -> b.tableName(table).key(key(Keys.webhook(w.id()), Keys.WEBHOOK_SK)));
    }

    private static Map<String, AttributeValue> toItem(Webhook w) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(Keys.webhook(w.id())));
        item.put(TableDefinition.SK, s(Keys.WEBHOOK_SK));
        item.put(TableDefinition.GSI1_PK, s(Keys.accountWebhooks(w.accountId())));
        item.put(TableDefinition.GSI1_SK, s(Times.stored(w.createdAt()) + "#" + w.id()));
        item.put("webhook_id", s(w.id()));
        item.put("account_id", s(w.accountId()));
        item.put("url", s(w.url()));
        item.put("events", ss(w.events()));
        if (w.description() != null) item.put("description", s(w.description()));
        item.put("enabled", bool(w.enabled()));
        item.put("secret", s(w.secret()));
        item.put("created_at", s(Times.stored(w.createdAt())));
        item.put("updated_at", s(Times.stored(w.updatedAt())));
        return item;
    }
}
