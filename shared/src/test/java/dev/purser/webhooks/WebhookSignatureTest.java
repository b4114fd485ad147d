package dev.purser.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    static final long NOW = 1_795_000_000L;

    /** The specification's verification, independent of {@link WebhookSignature}. */
    static boolean verify(String secret, String id, String ts, String header, String body, long now) throws Exception {
        if (Math.abs(now - Long.parseLong(ts)) > 300) return false;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8));
        for (String part : header.split(" ")) {
            if (part.startsWith("v1,") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(part.substring(3)))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void matchesTheSpecificationsExample() {
        // The example of the Standard Webhooks specification and its reference libraries.
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String sig = WebhookSignature.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
                "{\"test\": 2432232314}");
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", sig);
    }

    @Test
    void aSignatureVerifiesAndAForgedOrStaleOneDoesNot() throws Exception {
        String secret = WebhookSignature.newSecret();
        String body = "{\"id\":\"evt_1\",\"type\":\"request.approved\"}";
        String sig = WebhookSignature.sign(secret, "evt_1", NOW, body);
        assertTrue(verify(secret, "evt_1", Long.toString(NOW), sig, body, NOW + 60));
        assertFalse(verify(secret, "evt_1", Long.toString(NOW), sig, body.replace("approved", "rejected"), NOW));
        assertFalse(verify(secret, "evt_2", Long.toString(NOW), sig, body, NOW));
        assertFalse(verify(WebhookSignature.newSecret(), "evt_1", Long.toString(NOW), sig, body, NOW));
        assertFalse(verify(secret, "evt_1", Long.toString(NOW), "v1," + Base64.getEncoder().encodeToString(new byte[32]), body, NOW));
        assertFalse(verify(secret, "evt_1", Long.toString(NOW), sig, body, NOW + 301), "stale");
        assertFalse(verify(secret, "evt_1", Long.toString(NOW + 1), sig, body, NOW), "timestamp is signed");
    }

    @Test
    void backoffSpansADayWithinTheQueuesReceiveBudget() {
        Duration elapsed = Duration.ZERO;
        int attempts = 1;
        while (elapsed.compareTo(Backoff.WINDOW) < 0) {
            Duration d = Backoff.after(attempts);
            assertTrue(d.compareTo(Backoff.MAX_VISIBILITY) <= 0);
            elapsed = elapsed.plus(d);
            attempts++;
        }
        assertEquals(10, attempts, "attempts until the failure at or after 24 h");
        assertTrue(attempts < 16, "below the webhook queue's maxReceiveCount");
        assertTrue(elapsed.compareTo(Duration.ofHours(24)) >= 0);
    }

    @Test
    void eventPatterns() {
        assertTrue(EventPatterns.matches("request.*", "request.approved"));
        assertFalse(EventPatterns.matches("request.*", "agent.updated"));
        assertTrue(EventPatterns.matches("agent.token.*", "agent.token.revoked"));
        assertTrue(EventPatterns.matches("*", "account.kill_switch"));
        assertTrue(EventPatterns.problems(List.of("request.*", "agent.registered")).isEmpty());
        assertEquals(1, EventPatterns.problems(List.of("request.aproved")).size());
        assertEquals(1, EventPatterns.problems(List.of("webhook.test")).size());
        assertEquals(1, EventPatterns.problems(List.of()).size());
    }

    @Test
    void urlGuardChecksResolvedAddresses() throws Exception {
        // Names resolve through this fake DNS; address literals resolve to themselves.
        UrlGuard strict = new UrlGuard(false, host -> new InetAddress[] {InetAddress.getByName(
                host.equals("rebound.example") ? "10.0.0.7"
                        : host.endsWith(".example.com") ? "93.184.216.34" : host)});
        assertNull(strict.problem("https://hooks.example.com/purser"));
        assertNotNull(strict.problem("https://rebound.example/x"));
        assertNotNull(strict.problem("http://100.64.0.1/x"));
        assertNotNull(strict.problem("http://[::ffff:127.0.0.1]/x"));
        assertNotNull(strict.problem("http://user:pw@hooks.example.com/x"));
        assertNotNull(strict.problem("file:///etc/passwd"));
        assertNull(new UrlGuard(true).problem("http://127.0.0.1:8080/x"));
    }
}
