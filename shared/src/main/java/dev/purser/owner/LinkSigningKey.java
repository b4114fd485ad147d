package dev.purser.owner;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;

import dev.purser.auth.Secrets;
import dev.purser.config.Env;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The HMAC key of one-click action links. {@code PURSER_LINK_SIGNING_SECRET} when set (the local
 * runtime, tests, or an operator who wants to manage it); otherwise 32 random bytes generated once
 * per table and kept in it ({@code CONFIG#LINK_SIGNING_KEY}): the first container to need it puts
 * it with {@code attribute_not_exists}, every container then reads the winner's. Cached per
 * container and table.
 *
 * <p>Why the table and not Secrets Manager: the key protects approve/reject of requests that live
 * in the same table, so anyone who can read the key can already change those requests directly;
 * a separate secret adds no protection, only a service call on cold start and a monthly cost.
 */
public final class LinkSigningKey {
    static final String PK = "CONFIG#LINK_SIGNING_KEY";
    static final String SK = "CONFIG";
    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private LinkSigningKey() {}

    public static byte[] resolve(Env env, DynamoDbClient dynamo, String table) {
        var configured = env.get(Env.LINK_SIGNING_SECRET);
        if (configured.isPresent()) return configured.get().getBytes(StandardCharsets.UTF_8);
        return CACHE.computeIfAbsent(table, t -> fromTable(dynamo, t));
    }

    static byte[] fromTable(DynamoDbClient dynamo, String table) {
        String generated = Base64.getEncoder().encodeToString(Secrets.randomBytes(32));
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of("pk", s(PK), "sk", s(SK), "key", s(generated)))
                    .conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException e) {
            // Another container stored one first: use that one (read below).
        }
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(PK, SK))).item();
        return Base64.getDecoder().decode(item.get("key").s());
    }
}
