package dev.purser.owner;

import static dev.purser.store.Attr.flag;
import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.str;

import dev.purser.auth.Secrets;
import dev.purser.http.ApiError;
import dev.purser.http.HttpRequest;
import dev.purser.store.Keys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Owner API authentication: {@code Authorization: Bearer pk_…}. Owner keys are stored only as
 * SHA-256 digests and looked up by digest; a revoked key is refused on
 * the very next call because the key item is read on every call.
 */
public final class OwnerAuth {
    private final DynamoDbClient dynamo;
    private final String table;

    public OwnerAuth(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public OwnerContext authenticate(HttpRequest request) {
        String header = request.header("authorization").orElse(null);
        if (header == null || !header.startsWith("Bearer ")) {
            throw ApiError.coded(401, "unauthorized", "Missing bearer owner key");
        }
        String hash = Secrets.sha256Hex(header.substring("Bearer ".length()));
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(Keys.ownerKey(hash), Keys.OWNER_KEY_SK))).item();
        // The digest is the lookup key: the secret itself is never compared or stored.
        if (item == null || item.isEmpty() || !flag(item, "active")) {
            throw ApiError.coded(401, "unauthorized", "Invalid owner key");
        }
        dev.purser.observe.Observation.current().identify(str(item, "account_id"), null);
        return new OwnerContext(str(item, "account_id"), str(item, "key_id"));
    }
}
