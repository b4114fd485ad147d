package dev.purser.x402tokens;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.commit.Commit;
import dev.purser.json.Json;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The deployment's payment-token signing keys, kept in the table (partition {@code X402KEY}): one
 * item per key and a {@code CURRENT} pointer. The first container that needs a key creates one and
 * the pointer in one conditional put each; a race leaves one current key (the pointer's) and at most
 * a spare that is published but never used. Rotation moves the pointer and gives the old key a
 * {@code retire_at} (now + the longest token lifetime): it stays published, so tokens it signed
 * verify until they expire. Private keys live in the table for the reason
 * {@code owner/LinkSigningKey} gives: whoever can read them can already move the money directly.
 */
public final class SigningKeys {
    static final String PK = "X402KEY";
    static final String CURRENT = "CURRENT";

    private final DynamoDbClient dynamo;
    private final String table;
    private volatile SigningKey current;

    public SigningKeys(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The key new tokens are signed with (cached per container; a rotation elsewhere is picked up by {@link #refresh}). */
    public SigningKey current(Instant now) {
        SigningKey c = current;
        if (c != null) return c;
        var pointer = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(PK, CURRENT))).item();
        if (pointer == null || pointer.isEmpty()) {
            SigningKey fresh = SigningKey.generate(now);
            dynamo.putItem(b -> b.tableName(table).item(keyItem(fresh)));
            try {
                dynamo.putItem(b -> b.tableName(table).item(Map.of(TableDefinition.PK, s(PK), TableDefinition.SK, s(CURRENT),
                        "kid", s(fresh.kid()))).conditionExpression("attribute_not_exists(pk)"));
            } catch (ConditionalCheckFailedException lost) {
                // Another container created the first key: use its key (read below).
            }
            pointer = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(PK, CURRENT))).item();
        }
        String kid = str(pointer, "kid");
        c = find(kid).orElseThrow(() -> new IllegalStateException("current x402 key " + kid + " is missing"));
        current = c;
        return c;
    }

    /** Forgets the cached current key (after a rotation made by another container). */
    public void refresh() {
        current = null;
    }

    /** Every key a token may still be signed with: current ones and retiring ones before {@code retire_at}. */
    public List<SigningKey> published(Instant now) {
        current(now);
        List<SigningKey> out = new ArrayList<>();
        for (SigningKey k : all()) {
            if (k.retireAt() == null || k.retireAt().isAfter(now)) out.add(k);
        }
        out.sort(Comparator.comparing(SigningKey::createdAt).reversed().thenComparing(SigningKey::kid));
        return out;
    }

    /** The public key a token names, if it is still published. */
    public Optional<PublicKey> publicKey(String kid, Instant now) {
        return find(kid).filter(k -> k.retireAt() == null || k.retireAt().isAfter(now)).map(SigningKey::publicKey);
    }

    /**
     * A new current key; the previous one signs nothing more and stays published for
     * {@code keepOld} (at least the longest token lifetime). One transaction: new key, pointer
     * (conditional on the key it replaces), the old key's {@code retire_at}.
     */
    public SigningKey rotate(Instant now, Duration keepOld) {
        SigningKey old = current(now);
        SigningKey fresh = SigningKey.generate(now);
        var outcome = Commit.in(table)
                .putNew("key", keyItem(fresh))
                .update("pointer", Update.builder().tableName(table).key(key(PK, CURRENT))
                        .updateExpression("SET kid = :new").conditionExpression("kid = :old")
                        .expressionAttributeValues(Map.of(":new", s(fresh.kid()), ":old", s(old.kid()))).build())
                .update("old", Update.builder().tableName(table).key(key(PK, "KEY#" + old.kid()))
                        .updateExpression("SET retire_at = :r")
                        .expressionAttributeValues(Map.of(":r", s(Times.stored(now.plus(keepOld))))).build())
                .run(dynamo);
        current = null;
        if (!outcome.committed()) throw new IllegalStateException("x402 key rotation raced another one: " + outcome);
        return current(now);
    }

    private Optional<SigningKey> find(String kid) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(PK, "KEY#" + kid))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(decode(item));
    }

    private List<SigningKey> all() {
        List<SigningKey> out = new ArrayList<>();
        for (var item : dynamo.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :k)")
                .expressionAttributeValues(Map.of(":pk", s(PK), ":k", s("KEY#")))).items()) {
            out.add(decode(item));
        }
        return out;
    }

    private static SigningKey decode(Map<String, AttributeValue> item) {
        return SigningKey.decode(str(item, "kid"), str(item, "public_key"), str(item, "private_key"),
                Times.parse(str(item, "created_at")), Times.parse(str(item, "retire_at")));
    }

    private static Map<String, AttributeValue> keyItem(SigningKey k) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(PK));
        item.put(TableDefinition.SK, s("KEY#" + k.kid()));
        item.put("kid", s(k.kid()));
        item.put("public_key", s(k.publicDer()));
        item.put("private_key", s(k.privateDer()));
        item.put("created_at", s(Times.stored(k.createdAt())));
        return item;
    }

    /** The published keys as a JWK set (RFC 8037, {@code GET /v1/x402/keys}): providers check tokens offline. */
    public ObjectNode jwks(Instant now) {
        ObjectNode o = Json.object();
        ArrayNode list = o.putArray("keys");
        for (SigningKey k : published(now)) {
            list.addObject().put("kid", k.kid()).put("kty", "OKP").put("crv", "Ed25519").put("alg", "EdDSA")
                    .put("use", "sig").put("x", k.publicX()).put("created_at", Times.wire(k.createdAt()))
                    .put("retire_at", Times.wire(k.retireAt()));
        }
        return o;
    }
}
