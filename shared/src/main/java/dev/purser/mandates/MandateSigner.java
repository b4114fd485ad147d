package dev.purser.mandates;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;

import dev.purser.auth.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Signs a mandate's canonical JSON with HMAC-SHA256. The key is 32 random bytes generated once per
 * table and kept in it ({@code CONFIG#MANDATE_SIGNING_KEY}, created with {@code attribute_not_exists}
 * by the first container that needs it; the same reasoning as the action-link key: whoever can read
 * it can already rewrite the mandates it protects, so a separate secret store adds only cost).
 */
public final class MandateSigner {
    public static final String ALG = "HS256";
    static final String PK = "CONFIG#MANDATE_SIGNING_KEY";
    static final String SK = "CONFIG";

    private final DynamoDbClient dynamo;
    private final String table;
    private volatile byte[] key;

    public MandateSigner(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public String sign(String canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret(), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time check of a stored signature against the canonical text. */
    public boolean verify(String canonical, String signature) {
        return MessageDigest.isEqual(sign(canonical).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] secret() {
        byte[] k = key;
        if (k == null) {
            String generated = Base64.getEncoder().encodeToString(Secrets.randomBytes(32));
            try {
                dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s(PK), "sk", s(SK), "key", s(generated)))
                        .conditionExpression("attribute_not_exists(pk)"));
            } catch (ConditionalCheckFailedException e) {
                // another container created it first: read the winner's below
            }
            var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(PK, SK))).item();
            key = k = Base64.getDecoder().decode(item.get("key").s());
        }
        return k;
    }
}
