package dev.purser.webhooks;

import dev.purser.auth.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the secret is {@code whsec_}
 * followed by the base64 of the key bytes; the signature is
 * {@code v1,<base64(HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>"))>}. Any Standard
 * Webhooks library verifies what this produces.
 */
public final class WebhookSignature {
    public static final String SECRET_PREFIX = "whsec_";
    /** 32 random bytes: the spec allows 24 to 64. */
    static final int KEY_BYTES = 32;

    private WebhookSignature() {}

    public static String newSecret() {
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(Secrets.randomBytes(KEY_BYTES));
    }

    /** @param timestamp seconds since the epoch, as sent in {@code webhook-timestamp} */
    public static String sign(String secret, String msgId, long timestamp, String body) {
        byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((msgId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
