package dev.purser.x402tokens;

import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * One Ed25519 signing key. {@code retireAt} null: current; otherwise it signs nothing new and stays
 * published until then (the expiry of the last token it signed), so rotation never strands a token.
 *
 * @param privateKey null when only the public half is known
 */
public record SigningKey(String kid, PublicKey publicKey, PrivateKey privateKey, Instant createdAt, Instant retireAt) {

    public static SigningKey generate(Instant now) {
        try {
            var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new SigningKey("k_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16),
                    pair.getPublic(), pair.getPrivate(), now, null);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable", e);
        }
    }

    /** The raw 32-byte public key (RFC 8037 {@code x}), base64url: what a JWK carries. */
    public String publicX() {
        byte[] der = publicKey.getEncoded(); // X.509 SubjectPublicKeyInfo: 12-byte prefix + 32 bytes
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length));
    }

    String publicDer() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    String privateDer() {
        return Base64.getEncoder().encodeToString(privateKey.getEncoded());
    }

    static SigningKey decode(String kid, String publicDer, String privateDer, Instant createdAt, Instant retireAt) {
        try {
            KeyFactory f = KeyFactory.getInstance("Ed25519");
            PublicKey pub = f.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicDer)));
            PrivateKey priv = privateDer == null ? null : f.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateDer)));
            return new SigningKey(kid, pub, priv, createdAt, retireAt);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("stored x402 signing key " + kid + " does not decode", e);
        }
    }
}
