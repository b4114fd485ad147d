package dev.purser.x402tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * Payment tokens: {@code x402_tok_<base64url(claims JSON)>.<base64url(Ed25519 signature)>}. The
 * claims name the key ({@code kid}) so a provider verifies a token offline against the keys
 * published at {@code GET /v1/x402/keys}. Ed25519 from the JDK: no dependency, deterministic
 * signatures, 64 bytes.
 */
public final class TokenSigner {
    public static final String PREFIX = "x402_tok_";
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();

    private TokenSigner() {}

    /** Signs {@code claims} (a {@code kid} member is set to the key's). */
    public static String sign(SigningKey key, ObjectNode claims) {
        ObjectNode c = claims.deepCopy();
        c.put("kid", key.kid());
        byte[] payload = Json.write(c).getBytes(StandardCharsets.UTF_8);
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key.privateKey());
            s.update(payload);
            return PREFIX + ENC.encodeToString(payload) + "." + ENC.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * The claims of a well-formed token whose signature verifies under the key its {@code kid}
     * names; empty for anything else (malformed, unknown key, bad signature). Expiry is the
     * caller's business: a verified token may still be expired.
     */
    public static Optional<JsonNode> verify(String token, Function<String, Optional<PublicKey>> keys) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 4096) return Optional.empty();
        String body = token.substring(PREFIX.length());
        int dot = body.indexOf('.');
        if (dot <= 0 || dot != body.lastIndexOf('.')) return Optional.empty();
        try {
            byte[] payload = DEC.decode(body.substring(0, dot));
            byte[] sig = DEC.decode(body.substring(dot + 1));
            JsonNode claims = Json.parse(new String(payload, StandardCharsets.UTF_8));
            if (!claims.isObject() || !claims.path("kid").isTextual()) return Optional.empty();
            Optional<PublicKey> key = keys.apply(claims.get("kid").textValue());
            if (key.isEmpty()) return Optional.empty();
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key.get());
            s.update(payload);
            return s.verify(sig) ? Optional.of(claims) : Optional.empty();
        } catch (IllegalArgumentException | GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
