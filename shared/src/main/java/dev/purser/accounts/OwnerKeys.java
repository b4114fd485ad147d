package dev.purser.accounts;

import static dev.purser.store.Attr.bool;
import static dev.purser.store.Attr.flag;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.auth.Secrets;
import dev.purser.json.Json;
import dev.purser.store.Attr;
import dev.purser.store.Children;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * An account's owner keys: listed through the account's index partition (the key item itself is
 * keyed by the key's digest, which the owner never sees), created with the secret shown once,
 * revoked by {@code key_id}.
 */
public final class OwnerKeys {
    private final DynamoDbClient dynamo;
    private final String table;
    private final AccountStore accounts;

    public OwnerKeys(DynamoDbClient dynamo, String table, AccountStore accounts) {
        this.dynamo = dynamo;
        this.table = table;
        this.accounts = accounts;
    }

    /** Every key of the account, revoked ones included, oldest first. */
    public List<Map<String, AttributeValue>> list(String accountId) {
        List<Map<String, AttributeValue>> out = new ArrayList<>(Children.all(dynamo, table, Keys.accountOwnerKeys(accountId), false));
        return out;
    }

    /** The new key's view with its secret ({@code key}), which is stored nowhere. */
    public ObjectNode create(String accountId, String name, Instant now) {
        String secret = Secrets.generate("pk_");
        String keyId = "key_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Map<String, AttributeValue> item = accounts.ownerKeyItem(accountId, keyId, secret, name, now);
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
        return view(item).put("key", secret);
    }

    /** Revokes the account's key {@code keyId}; false when the account has no such key. */
    public boolean revoke(String accountId, String keyId, Instant now) {
        for (Map<String, AttributeValue> item : list(accountId)) {
            if (!keyId.equals(str(item, "key_id"))) continue;
            if (!flag(item, "active")) return true;
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(TableDefinition.PK, item.get(TableDefinition.PK), TableDefinition.SK, item.get(TableDefinition.SK)))
                    .updateExpression("SET active = :f, revoked_at = :now")
                    .expressionAttributeValues(Map.of(":f", bool(false), ":now", s(Times.stored(now)))));
            return true;
        }
        return false;
    }

    public static ObjectNode view(Map<String, AttributeValue> item) {
        return Json.object()
                .put("key_id", str(item, "key_id"))
                .put("name", str(item, "name"))
                .put("prefix", str(item, "prefix"))
                .put("active", flag(item, "active"))
                .put("created_at", Times.wire(Times.parse(str(item, "created_at"))))
                .put("revoked_at", Times.wire(Times.parse(str(item, "revoked_at"))));
    }

    /** Who holds an active owner key. */
    public record Holder(String accountId, String keyId) {}

    /**
     * The holder of the active key with this digest. The digest is the lookup key: the secret
     * itself is never compared or stored. Read on every call, so a revoked key is refused at once.
     */
    public Optional<Holder> findActive(String keyHash) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Attr.key(Keys.ownerKey(keyHash), Keys.OWNER_KEY_SK))).item();
        if (item == null || item.isEmpty() || !flag(item, "active")) return Optional.empty();
        return Optional.of(new Holder(str(item, "account_id"), str(item, "key_id")));
    }
}
