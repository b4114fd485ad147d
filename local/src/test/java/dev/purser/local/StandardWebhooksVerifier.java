package dev.purser.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks verification algorithm, written from the specification and independent of
 * Purser's signing code: strip {@code whsec_}, base64-decode the key, HMAC-SHA256 over
 * {@code id.timestamp.body}, compare (constant time) with any {@code v1,} entry of the
 * space-separated signature header, and refuse timestamps more than 5 minutes from now.
 */
final class StandardWebhooksVerifier {
    static final long TOLERANCE_SECONDS = 5 * 60;

    private StandardWebhooksVerifier() {}

    static boolean verify(String secret, String id, String timestamp, String signatureHeader, String body,
                          long nowEpochSeconds) throws Exception {
        long ts = Long.parseLong(timestamp);
        if (Math.abs(nowEpochSeconds - ts) > TOLERANCE_SECONDS) return false;
        String b64 = secret.startsWith("whsec_") ? secret.substring(6) : secret;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(b64), "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        for (String versioned : signatureHeader.split(" ")) {
            int comma = versioned.indexOf(',');
            if (comma < 0 || !versioned.substring(0, comma).equals("v1")) continue;
            byte[] given = Base64.getDecoder().decode(versioned.substring(comma + 1));
            if (MessageDigest.isEqual(expected, given)) return true;
        }
        return false;
    }
}
