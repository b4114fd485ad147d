package dev.purser.functions.x402;

import static dev.purser.functions.x402.Marketplace.error;
import static dev.purser.functions.x402.Marketplace.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import dev.purser.x402tokens.SigningKeys;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** x402 payment tokens (issue 13 part B, items 2-4 and 7) on DynamoDB Local: every endpoint, code and transition. */
@WithLocalAws
class X402TokensTest {
    final World world = new World();
    final Marketplace m = new Marketplace(world);
    final Marketplace.Agent consumer = m.consumer();
    final Marketplace.Agent provider = m.provider();
    final JsonNode service = m.service(provider, "2.00", "{\"max_latency_ms\": 5000}");
    final String serviceId = service.get("id").asText();

    X402TokensTest() {
        m.fund(m.consumerAccount, consumer.walletId(), "10.00");
    }

    @Test
    void authorizeVerifyStartAcceptCompleteSettlesOnce() {
        JsonNode a = m.authorized(consumer, serviceId);
        String tokenId = a.get("token_id").asText();
        assertTrue(tokenId.startsWith("tokid_"), a.toString());
        assertTrue(a.get("token").asText().startsWith("x402_tok_"), a.toString());
        assertEquals("2.00", a.get("reserved_amount").asText());
        assertEquals("0.01", a.get("fee").asText()); // 30 bps of 2.00 = 0.006, HALF_UP
        assertEquals("USD", a.get("currency").asText());
        assertEquals(serviceId, a.get("service_id").asText());
        assertEquals("authorized", a.get("status").asText());
        assertEquals("2026-11-23T15:05:00Z", a.get("expires_at").asText());
        String paymentId = a.get("payment_id").asText();
        assertTrue(paymentId.startsWith("pay_"));
        JsonNode payment = ok(200, world.api.get("/v1/payments/" + paymentId, consumer.token()));
        assertEquals("authorized", payment.get("status").asText());
        assertEquals(serviceId, payment.get("service_id").asText());
        assertEquals(provider.walletId(), payment.get("to_wallet_id").asText());
        // The provider (payee) sees it too.
        assertEquals(200, world.api.get("/v1/payments/" + paymentId, provider.token()).status());
        JsonNode held = m.balance(m.consumerAccount, consumer.walletId());
        assertEquals("10.00", held.get("balance").asText());
        assertEquals("7.99", held.get("available").asText());
        assertEquals("2.01", held.get("pending").asText());
        assertEquals(200, m.agentSpent(consumer.id()));

        // Out of order before verify: 409 with the current state.
        JsonNode early = error(409, "INVALID_TOKEN_STATE", m.step(provider, tokenId, "call-completed"));
        assertEquals("authorized", early.get("current_status").asText());
        error(409, "INVALID_TOKEN_STATE", m.step(provider, tokenId, "call-started"));

        JsonNode v = ok(200, m.verify(provider, a.get("token").asText()));
        assertTrue(v.get("valid").asBoolean());
        assertEquals("redeemed", v.get("status").asText());
        assertEquals(serviceId, v.get("service").get("id").asText());
        assertEquals("redeemed", error(409, "TOKEN_ALREADY_USED", m.verify(provider, a.get("token").asText()))
                .get("current_status").asText());
        // Redeemed: the consumer can no longer cancel it.
        error(409, "TOKEN_ALREADY_USED", m.cancel(consumer, tokenId));
        error(409, "INVALID_TOKEN_STATE", m.step(provider, tokenId, "call-accepted"));

        JsonNode started = ok(200, m.step(provider, tokenId, "call-started"));
        assertEquals("call_started", started.get("status").asText());
        assertEquals("2026-11-23T15:00:05Z", started.get("sla_deadline").asText());
        error(409, "INVALID_TOKEN_STATE", m.step(provider, tokenId, "call-started"));
        assertEquals("call_accepted", ok(200, m.step(provider, tokenId, "call-accepted")).get("status").asText());
        world.clock.advance(Duration.ofSeconds(3));
        JsonNode done = ok(200, m.step(provider, tokenId, "call-completed"));
        assertEquals("completed", done.get("status").asText());
        assertEquals("completed", error(409, "INVALID_TOKEN_STATE", m.step(provider, tokenId, "call-completed"))
                .get("current_status").asText());
        error(409, "INVALID_TOKEN_STATE", m.cancel(consumer, tokenId));

        JsonNode paid = m.balance(m.consumerAccount, consumer.walletId());
        assertEquals("7.99", paid.get("balance").asText());
        assertEquals("7.99", paid.get("available").asText());
        assertEquals("0.00", paid.get("pending").asText());
        JsonNode earned = m.balance(m.providerAccount, provider.walletId());
        assertEquals("2.00", earned.get("balance").asText());
        assertEquals("completed", ok(200, world.api.get("/v1/payments/" + paymentId, consumer.token())).get("status").asText());
        assertEquals(1, m.stat(serviceId, "settled_calls"));
        assertEquals(0, m.stat(serviceId, "breached_calls"));
        assertEquals(200, m.agentSpent(consumer.id()));
        // The scan finds nothing to do for a completed token, ever.
        world.clock.advance(Duration.ofHours(2));
        m.scan();
        assertEquals("completed", ok(200, m.token(consumer, tokenId)).get("status").asText());
        assertEquals("7.99", m.balance(m.consumerAccount, consumer.walletId()).get("balance").asText());
        m.assertLedgerBalanced();
    }

    @Test
    void authorizeRefusals() {
        error(404, "service_not_found", m.authorize(consumer, "svc_nope", null));
        error(422, "validation_error", m.authorize(consumer, serviceId, "\"max_amount\": \"1.99\""));
        assertEquals(201, m.authorize(consumer, serviceId, "\"max_amount\": \"2.00\"").status());
        error(422, "validation_error", world.api.post("/v1/services/" + serviceId + "/authorize", consumer.token(), "{}"));
        error(422, "validation_error", world.api.post("/v1/services/" + serviceId + "/authorize", consumer.token(), "{\"from_wallet_id\": 5}"));
        error(422, "validation_error", world.api.post("/v1/services/" + serviceId + "/authorize", consumer.token(), "not json"));
        error(422, "validation_error", m.authorize(consumer, serviceId, "\"surprise\": 1"));
        // Another agent's wallet of the same account, another account's wallet.
        Marketplace.Agent other = m.consumer();
        error(403, "AP-1001", world.api.post("/v1/services/" + serviceId + "/authorize", other.token(),
                "{\"from_wallet_id\": \"" + consumer.walletId() + "\"}"));
        Marketplace.Agent foreign = m.agent(world.ownedAccount(), Marketplace.AUTO);
        error(404, "AP-1001", world.api.post("/v1/services/" + serviceId + "/authorize", consumer.token(),
                "{\"from_wallet_id\": \"" + foreign.walletId() + "\"}"));
        // The provider's own wallet cannot pay the provider.
        error(422, "validation_error", world.api.post("/v1/services/" + serviceId + "/authorize", provider.token(),
                "{\"from_wallet_id\": \"" + provider.walletId() + "\"}"));
        // Not enough money: 402, nothing held.
        Marketplace.Agent poor = m.consumer();
        error(402, "AP-1001", m.authorize(poor, serviceId, null));
        assertEquals("0.00", m.balance(m.consumerAccount, poor.walletId()).get("pending").asText());
        // An owner key is not an agent.
        error(403, "agent_token_required", world.api.post("/v1/services/" + serviceId + "/authorize",
                m.consumerAccount.ownerKey(), "{\"from_wallet_id\": \"" + consumer.walletId() + "\"}"));
        assertEquals(401, world.api.post("/v1/services/" + serviceId + "/authorize", null, "{}").status());
        // A policy that wants a human for this payment cannot get a token.
        Marketplace.Agent careful = m.agent(m.consumerAccount, "{\"auto_approve\": {\"enabled\": true, \"max_amount\": 1}}");
        m.fund(m.consumerAccount, careful.walletId(), "10.00");
        JsonNode refused = error(403, "AP-1002", m.authorize(careful, serviceId, null));
        assertTrue(refused.has("policy_check"));
        assertEquals("10.00", m.balance(m.consumerAccount, careful.walletId()).get("available").asText());
        m.assertLedgerBalanced();
    }

    @Test
    void idempotencyKeyReplaysTheFirstAnswerAndHoldsOnce() {
        String body = "{\"from_wallet_id\": \"" + consumer.walletId() + "\"}";
        String path = "/v1/services/" + serviceId + "/authorize";
        Resp first = world.api.call("POST", path, consumer.token(), body, Map.of("idempotency-key", "k-" + m.tag));
        Resp again = world.api.call("POST", path, consumer.token(), body, Map.of("idempotency-key", "k-" + m.tag));
        assertEquals(201, first.status(), first.toString());
        assertEquals(201, again.status());
        assertEquals(first.json(), again.json());
        assertEquals("true", again.headers().get("idempotent-replayed"));
        assertEquals("2.01", m.balance(m.consumerAccount, consumer.walletId()).get("pending").asText());
        error(422, "idempotency_key_reused", world.api.call("POST", path, consumer.token(),
                "{\"from_wallet_id\": \"" + consumer.walletId() + "\", \"max_amount\": 5}", Map.of("idempotency-key", "k-" + m.tag)));

        String tokenId = first.json().get("token_id").asText();
        ok(200, m.verify(provider, first.json().get("token").asText()));
        ok(200, m.step(provider, tokenId, "call-started"));
        String done = "/v1/x402/tokens/" + tokenId + "/call-completed";
        Resp c1 = world.api.call("POST", done, provider.token(), null, Map.of("idempotency-key", "c-" + m.tag));
        Resp c2 = world.api.call("POST", done, provider.token(), null, Map.of("idempotency-key", "c-" + m.tag));
        assertEquals(200, c1.status(), c1.toString());
        assertEquals(c1.json(), c2.json());
        assertEquals("true", c2.headers().get("idempotent-replayed"));
        assertEquals(1, m.stat(serviceId, "settled_calls"));
        assertEquals("2.00", m.balance(m.providerAccount, provider.walletId()).get("balance").asText());
        m.assertLedgerBalanced();
    }

    @Test
    void verifyRefusals() {
        JsonNode a = m.authorized(consumer, serviceId);
        String token = a.get("token").asText();
        error(422, "TOKEN_MALFORMED", m.verify(provider, "not-a-token"));
        error(422, "validation_error", world.api.post("/v1/x402/verify", provider.token(), "{}"));
        // A changed claim (a bigger amount) breaks the signature.
        String body = token.substring("x402_tok_".length(), token.indexOf('.'));
        String claims = new String(java.util.Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8).replace("\"2.00\"", "\"200.00\"");
        String forged = "x402_tok_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.'));
        error(401, "TOKEN_INVALID_SIGNATURE", m.verify(provider, forged));
        // The consumer (or anyone but the provider) cannot redeem it.
        error(403, "NOT_SERVICE_PROVIDER", m.verify(consumer, token));
        assertEquals("authorized", ok(200, m.token(provider, a.get("token_id").asText())).get("status").asText());

        // Past its expiry: TOKEN_EXPIRED, nothing redeemed; the scan then releases the funds.
        world.clock.advance(Duration.ofMinutes(5));
        JsonNode expired = error(410, "TOKEN_EXPIRED", m.verify(provider, token));
        assertEquals("authorized", expired.get("current_status").asText());
        assertTrue(m.scan().contains("\"expired\":"));
        assertEquals("expired", ok(200, m.token(consumer, a.get("token_id").asText())).get("status").asText());
        error(410, "TOKEN_EXPIRED", m.verify(provider, token));
        JsonNode b = m.balance(m.consumerAccount, consumer.walletId());
        assertEquals("10.00", b.get("available").asText());
        assertEquals("0.00", b.get("pending").asText());
        JsonNode p = ok(200, world.api.get("/v1/payments/" + a.get("payment_id").asText(), consumer.token()));
        assertEquals("expired", p.get("status").asText());
        assertEquals("token_expired", p.get("failure_reason").asText());
        assertEquals(0, m.agentSpent(consumer.id()), "the released call no longer counts against the budget");
        m.assertLedgerBalanced();
    }

    @Test
    void tokensOfARotatedKeyStillVerify() {
        JsonNode a = m.authorized(consumer, serviceId);
        new SigningKeys(world.purser.dynamo(), world.purser.table()).rotate(world.purser.now(), Duration.ofMinutes(10));
        JsonNode keys = ok(200, world.api.get("/v1/x402/keys", null));
        assertTrue(keys.get("keys").size() >= 2);
        assertEquals("redeemed", ok(200, m.verify(provider, a.get("token").asText())).get("status").asText());
    }

    @Test
    void consumerCancelsAnUnredeemedToken() {
        JsonNode a = m.authorized(consumer, serviceId);
        String tokenId = a.get("token_id").asText();
        error(403, "NOT_TOKEN_CONSUMER", m.cancel(provider, tokenId));
        error(403, "NOT_SERVICE_PROVIDER", m.step(consumer, tokenId, "call-started"));
        JsonNode c = ok(200, m.cancel(consumer, tokenId));
        assertEquals("cancelled", c.get("status").asText());
        error(409, "INVALID_TOKEN_STATE", m.cancel(consumer, tokenId));
        assertEquals("cancelled", error(409, "TOKEN_CANCELLED", m.verify(provider, a.get("token").asText()))
                .get("current_status").asText());
        JsonNode b = m.balance(m.consumerAccount, consumer.walletId());
        assertEquals("10.00", b.get("available").asText());
        assertEquals("0.00", b.get("pending").asText());
        JsonNode p = ok(200, world.api.get("/v1/payments/" + a.get("payment_id").asText(), consumer.token()));
        assertEquals("failed", p.get("status").asText());
        assertEquals("token_cancelled", p.get("failure_reason").asText());
        assertEquals(0, m.agentSpent(consumer.id()));
        m.assertLedgerBalanced();
    }

    @Test
    void aCallPastItsSlaWindowIsRefundedByTheScan() {
        JsonNode a = m.authorized(consumer, serviceId);
        String tokenId = a.get("token_id").asText();
        ok(200, m.verify(provider, a.get("token").asText()));
        ok(200, m.step(provider, tokenId, "call-started"));
        world.clock.advance(Duration.ofSeconds(4));
        m.scan(); // not due yet
        assertEquals("call_started", ok(200, m.token(consumer, tokenId)).get("status").asText());
        world.clock.advance(Duration.ofSeconds(1));
        // At the deadline the provider is too late; the scan refunds.
        error(409, "SLA_WINDOW_PASSED", m.step(provider, tokenId, "call-completed"));
        String run = m.scan();
        assertTrue(run.contains("\"sla_breached\":"), run);
        JsonNode t = ok(200, m.token(provider, tokenId));
        assertEquals("sla_breached", t.get("status").asText());
        assertEquals("sla_breached", error(409, "INVALID_TOKEN_STATE", m.step(provider, tokenId, "call-completed"))
                .get("current_status").asText());
        JsonNode p = ok(200, world.api.get("/v1/payments/" + a.get("payment_id").asText(), consumer.token()));
        assertEquals("refunded", p.get("status").asText());
        assertEquals("2.00", p.get("refunded_amount").asText());
        JsonNode b = m.balance(m.consumerAccount, consumer.walletId());
        assertEquals("10.00", b.get("balance").asText());
        assertEquals("10.00", b.get("available").asText());
        assertEquals("0.00", m.balance(m.providerAccount, provider.walletId()).get("balance").asText());
        assertEquals(1, m.stat(serviceId, "breached_calls"));
        assertEquals(0, m.stat(serviceId, "settled_calls"));
        m.scan();
        assertEquals(1, m.stat(serviceId, "breached_calls"), "refunded once");
        m.assertLedgerBalanced();
    }

    @Test
    void aRedeemedTokenWhoseCallNeverStartsIsReleasedAtExpiry() {
        JsonNode a = m.authorized(consumer, serviceId);
        ok(200, m.verify(provider, a.get("token").asText()));
        world.clock.advance(Duration.ofMinutes(5));
        error(410, "TOKEN_EXPIRED", m.step(provider, a.get("token_id").asText(), "call-started"));
        m.scan();
        assertEquals("expired", ok(200, m.token(consumer, a.get("token_id").asText())).get("status").asText());
        assertEquals("10.00", m.balance(m.consumerAccount, consumer.walletId()).get("available").asText());
        m.assertLedgerBalanced();
    }

    @Test
    void anotherAccountsAgentCanNeitherSeeNorVerifyNorCancel() {
        JsonNode a = m.authorized(consumer, serviceId);
        String tokenId = a.get("token_id").asText();
        World.OwnedAccount third = world.ownedAccount();
        Marketplace.Agent stranger = m.agent(third, Marketplace.AUTO);
        error(404, "token_not_found", m.token(stranger, tokenId));
        error(404, "token_not_found", m.cancel(stranger, tokenId));
        error(404, "token_not_found", m.step(stranger, tokenId, "call-started"));
        error(403, "NOT_SERVICE_PROVIDER", m.verify(stranger, a.get("token").asText()));
        assertEquals(404, world.api.get("/v1/payments/" + a.get("payment_id").asText(), stranger.token()).status());
        // Another agent of the consumer's own account is not a party either.
        Marketplace.Agent sibling = m.consumer();
        error(404, "token_not_found", m.token(sibling, tokenId));
        error(404, "token_not_found", m.cancel(sibling, tokenId));
        error(404, "token_not_found", m.step(consumer, "tokid_nope", "call-started"));
        assertEquals("authorized", ok(200, m.token(consumer, tokenId)).get("status").asText());
    }

    @Test
    void paymentRequirementsOfARegisteredEndpoint() {
        String url = service.get("endpoint_url").asText();
        JsonNode r = ok(200, world.api.get("/v1/x402/requirements?x402Version=1&resource=" + URLEncoder.encode(url, StandardCharsets.UTF_8), null));
        assertEquals(1, r.get("x402Version").asInt());
        JsonNode accepts = r.get("accepts").get(0);
        assertEquals("exact", accepts.get("scheme").asText());
        assertEquals("200", accepts.get("maxAmountRequired").asText());
        assertEquals(url, accepts.get("resource").asText());
        assertEquals(provider.walletId(), accepts.get("payTo").asText());
        assertEquals("USD", accepts.get("asset").asText());
        assertEquals(5, accepts.get("maxTimeoutSeconds").asInt());
        assertEquals("application/json", accepts.get("mimeType").asText());
        assertEquals(serviceId, accepts.get("extra").get("service_id").asText());
        assertNotEquals("", accepts.get("network").asText());
        error(404, "service_not_found", world.api.get("/v1/x402/requirements?resource=https%3A%2F%2Fnowhere.example.com%2F", null));
        error(422, "validation_error", world.api.get("/v1/x402/requirements", null));
    }
}
