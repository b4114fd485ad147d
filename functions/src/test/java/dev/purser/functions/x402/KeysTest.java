package dev.purser.functions.x402;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.json.Json;
import dev.purser.testing.WithLocalAws;
import dev.purser.x402tokens.SigningKey;
import dev.purser.x402tokens.SigningKeys;
import dev.purser.x402tokens.TokenSigner;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Payment-token signing keys (issue 13 part B step 2, the keys only): Ed25519 tokens verify
 * offline against GET /v1/x402/keys, and rotation keeps old keys verifiable until they retire.
 * Runs on its own table partition on the shared DynamoDB Local, so it re-reads what is there.
 */
@WithLocalAws
class KeysTest {
    final World world = new World();

    @Test
    void tokensVerifyAgainstThePublishedKeysAndRotationKeepsOldOnesUntilTheyRetire() {
        SigningKeys keys = new SigningKeys(world.purser.dynamo(), world.purser.table());
        SigningKey first = keys.current(world.purser.now());
        String token = TokenSigner.sign(first, Json.object().put("token_id", "t1").put("reserved_amount", "0.05"));
        assertTrue(token.startsWith("x402_tok_"));
        JsonNode claims = TokenSigner.verify(token, kid -> keys.publicKey(kid, world.purser.now())).orElseThrow();
        assertEquals("t1", claims.get("token_id").asText());
        assertEquals(first.kid(), claims.get("kid").asText());

        // Tampering with the claims or the signature, or an unknown key: nothing verifies.
        String payload = token.substring(9, token.indexOf('.'));
        String forged = "x402_tok_" + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(payload)).replace("0.05", "5.00").getBytes()) + token.substring(token.indexOf('.'));
        assertTrue(TokenSigner.verify(forged, kid -> keys.publicKey(kid, world.purser.now())).isEmpty());
        // One whole base64 character inside the signature changed (the last characters carry unused
        // bits, so changing them could leave the signature as it was, once in a few hundred runs).
        int at = token.length() - 10;
        String flipped = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        assertTrue(TokenSigner.verify(flipped, kid -> keys.publicKey(kid, world.purser.now())).isEmpty());
        assertTrue(TokenSigner.verify("x402_tok_garbage", kid -> keys.publicKey(kid, world.purser.now())).isEmpty());
        assertTrue(TokenSigner.verify(token, kid -> java.util.Optional.empty()).isEmpty());

        Resp published = world.api.get("/v1/x402/keys", null);
        assertEquals(200, published.status(), published.toString());
        JsonNode jwk = published.json().get("keys").get(0);
        assertEquals("OKP", jwk.get("kty").asText());
        assertEquals("Ed25519", jwk.get("crv").asText());
        assertEquals("EdDSA", jwk.get("alg").asText());
        assertTrue(published.json().get("keys").findValuesAsText("kid").contains(first.kid()));
        assertEquals(first.publicX(), published.json().get("keys").findParents("kid").stream()
                .filter(k -> k.get("kid").asText().equals(first.kid())).findFirst().orElseThrow().get("x").asText());

        SigningKey second = keys.rotate(world.purser.now(), Duration.ofMinutes(5));
        assertNotEquals(first.kid(), second.kid());
        String newer = TokenSigner.sign(second, Json.object().put("token_id", "t2"));
        world.clock.advance(Duration.ofMinutes(4));
        assertTrue(TokenSigner.verify(token, kid -> keys.publicKey(kid, world.purser.now())).isPresent());
        world.clock.advance(Duration.ofMinutes(2));
        assertTrue(TokenSigner.verify(token, kid -> keys.publicKey(kid, world.purser.now())).isEmpty());
        assertTrue(TokenSigner.verify(newer, kid -> keys.publicKey(kid, world.purser.now())).isPresent());
        assertFalse(keys.published(world.purser.now()).stream().anyMatch(k -> k.kid().equals(first.kid())));
    }

    @Test
    void containersRacingForTheFirstKeyAgreeOnOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> kids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            kids.add(pool.submit((Callable<String>) () ->
                    new SigningKeys(world.purser.dynamo(), world.purser.table()).current(world.purser.now()).kid()));
        }
        Set<String> distinct = new HashSet<>();
        for (var f : kids) distinct.add(f.get());
        pool.shutdown();
        assertEquals(1, distinct.size());
    }
}
