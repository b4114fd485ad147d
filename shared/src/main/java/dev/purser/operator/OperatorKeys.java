package dev.purser.operator;

import static dev.purser.store.Attr.bool;
import static dev.purser.store.Attr.flag;
import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import dev.purser.auth.Secrets;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;

/**
 * Operator keys ({@code opk_…}): deployment-wide credentials of whoever runs Purser, not of any
 * account. Like owner keys they are stored only as SHA-256 digests ({@code OPERATORKEY#<sha256>})
 * and re-read on every call. Created by the Bootstrap function (AWS) or the local runtime's first
 * start; never through HTTP, so an HTTP credential can never mint an operator.
 */
public final class OperatorKeys {
    static final String SK = "OPERATORKEY";
    public static final String PREFIX = "opk_";

    /** A new key: the secret (shown once) and the item that stores its digest. */
    public record NewKey(String secret, String keyId, Put put) {}

    private final DynamoDbClient dynamo;
    private final String table;

    public OperatorKeys(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static String pk(String keyHash) {
        return "OPERATORKEY#" + keyHash;
    }

    /** A new key's put (not yet written), for callers that write it in their own transaction. */
    public NewKey newKey(String name, Instant now) {
        String secret = Secrets.generate(PREFIX);
        String keyId = "opk_id_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(pk(Secrets.sha256Hex(secret))));
        item.put(TableDefinition.SK, s(SK));
        item.put("key_id", s(keyId));
        item.put("prefix", s(Secrets.displayPrefix(secret)));
        item.put("name", s(name));
        item.put("active", bool(true));
        item.put("created_at", s(Times.stored(now)));
        Put put = Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(pk)").build();
        return new NewKey(secret, keyId, put);
    }

    /** Creates and stores a key; returns it (the secret is stored nowhere). */
    public NewKey create(String name, Instant now) {
        NewKey k = newKey(name, now);
        dynamo.putItem(b -> b.tableName(table).item(k.put().item()).conditionExpression(k.put().conditionExpression()));
        return k;
    }

    /**
     * Whether {@code authorization} ({@code "Bearer <secret>"}) carries a valid account credential:
     * an active owner key or agent token. Lets operator-only routes answer such a caller 403.
     */
    public boolean isAccountCredential(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) return false;
        String secret = authorization.substring("Bearer ".length());
        if (secret.isEmpty() || secret.length() > 512) return false;
        String hash = Secrets.sha256Hex(secret);
        var k = secret.startsWith("pk_") ? key(Keys.ownerKey(hash), Keys.OWNER_KEY_SK)
                : key(Keys.token(hash), Keys.TOKEN_SK);
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(k)).item();
        return item != null && !item.isEmpty() && flag(item, "active");
    }

    /** The key id of an active operator key with this digest. */
    public Optional<String> findActive(String keyHash) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(pk(keyHash), SK))).item();
        if (item == null || item.isEmpty() || !flag(item, "active")) return Optional.empty();
        return Optional.ofNullable(str(item, "key_id"));
    }
}
