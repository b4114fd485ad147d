package dev.purser.owner;

import dev.purser.config.Env;
import dev.purser.config.Purser;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed one-click approve/reject links for a pending request, e.g. for an email or a chat bot:
 * {@code <PURSER_PUBLIC_BASE_URL>/v1/actions/<token>}, where the token is
 * {@code base64url(v1|request_id|action|expires_epoch_seconds) "." base64url(HMAC-SHA256)}.
 *
 * <p>What makes a link die: the signature covers everything, so a forged or edited token fails
 * verification; the expiry inside is the request's own, so it is stale exactly when the request
 * can no longer be approved; and it is single use because it acts only on a pending request
 * (through the lifecycle's conditional transition): once the request is approved, rejected or
 * expired, by this link, its sibling or anything else, both links are dead.
 */
public final class ActionLinks {
    public static final String PATH = "/v1/actions/";
    private static final String VERSION = "v1";
    private static final int MAX_TOKEN = 512;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** What a link does. */
    public enum Action {
        APPROVE("approve"), REJECT("reject");

        private final String wire;

        Action(String wire) { this.wire = wire; }

        public String wire() { return wire; }

        static Action fromWire(String s) {
            for (Action a : values()) if (a.wire.equals(s)) return a;
            return null;
        }
    }

    public record Links(String approveUrl, String rejectUrl) {}

    /** A verified link: authentic, but not yet checked for staleness or the request's state. */
    public record Claim(String requestId, Action action, Instant expiresAt) {
        public boolean stale(Instant now) {
            return now.isAfter(expiresAt);
        }
    }

    private final String baseUrl;
    private final byte[] key;

    public ActionLinks(String baseUrl, byte[] key) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.key = key.clone();
    }

    /** From Purser's configuration: the public base URL and {@link LinkSigningKey}. */
    public static ActionLinks of(Purser purser) {
        return new ActionLinks(purser.env().get(Env.PUBLIC_BASE_URL, ""),
                LinkSigningKey.resolve(purser.env(), purser.dynamo(), purser.table()));
    }

    public Links forRequest(String requestId, Instant expiresAt) {
        return new Links(url(requestId, Action.APPROVE, expiresAt), url(requestId, Action.REJECT, expiresAt));
    }

    String url(String requestId, Action action, Instant expiresAt) {
        return baseUrl + PATH + token(requestId, action, expiresAt);
    }

    String token(String requestId, Action action, Instant expiresAt) {
        // Rounded up so a link is never stale before its request is.
        long exp = expiresAt.getEpochSecond() + (expiresAt.getNano() > 0 ? 1 : 0);
        String payload = VERSION + "|" + requestId + "|" + action.wire() + "|" + exp;
        return B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(mac(payload));
    }

    /** The claim of an authentic token; empty for anything forged, edited or malformed. */
    public Optional<Claim> verify(String token) {
        if (token == null || token.length() > MAX_TOKEN) return Optional.empty();
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) return Optional.empty();
        try {
            String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(mac(payload), signature)) return Optional.empty();
            String[] parts = payload.split("\\|", -1);
            Action action = parts.length == 4 ? Action.fromWire(parts[2]) : null;
            if (!VERSION.equals(parts[0]) || action == null || parts[1].isEmpty()) return Optional.empty();
            return Optional.of(new Claim(parts[1], action, Instant.ofEpochSecond(Long.parseLong(parts[3]))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(("purser-action-link|" + payload).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
