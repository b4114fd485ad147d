package dev.purser.functions.x402;

import static dev.purser.functions.x402.Marketplace.error;
import static dev.purser.functions.x402.Marketplace.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.json.Json;
import dev.purser.testing.WithLocalAws;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Issue 28 item 1: x402 v2 PaymentRequired and Purser as the facilitator of its own scheme
 * (verify, settle, supported) over the in-process front, on DynamoDB Local. The official packages
 * drive the same endpoints end to end in local/'s X402V2EndToEndTest.
 */
@WithLocalAws
class X402FacilitatorTest {
    final World world = new World();
    final Marketplace m = new Marketplace(world);
    final Marketplace.Agent consumer = m.consumer();
    final Marketplace.Agent provider = m.provider();
    final JsonNode service = m.service(provider, "2.00", "{\"max_latency_ms\": 5000}");
    final String serviceId = service.get("id").asText();

    X402FacilitatorTest() {
        m.fund(m.consumerAccount, consumer.walletId(), "10.00");
    }

    JsonNode paymentRequired() {
        String url = service.get("endpoint_url").asText();
        Resp r = world.api.get("/v1/x402/requirements?resource=" + URLEncoder.encode(url, StandardCharsets.UTF_8), null);
        JsonNode body = ok(200, r);
        String header = r.headers().get("PAYMENT-REQUIRED");
        assertEquals(body, Json.parseTrusted(new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8)));
        return body;
    }

    /** The facilitator request the official middleware sends: the payload with the chosen requirements, twice. */
    static String request(JsonNode requirements, String token) {
        ObjectNode body = Json.object().put("x402Version", 2);
        ObjectNode payload = body.putObject("paymentPayload").put("x402Version", 2);
        payload.putObject("resource").put("url", "https://example.com/x");
        payload.set("accepted", requirements);
        payload.putObject("payload").put("token", token);
        body.set("paymentRequirements", requirements);
        return body.toString();
    }

    static ObjectNode with(JsonNode requirements, String field, String value) {
        return ((ObjectNode) requirements.deepCopy()).put(field, value);
    }

    JsonNode facilitate(String op, Marketplace.Agent caller, JsonNode requirements, String token) {
        return ok(200, world.api.post("/v1/x402/facilitator/" + op, caller.token(), request(requirements, token)));
    }

    @Test
    void requirementsAnswerVersionTwoWithBothSchemesAndVersionOneOnRequest() {
        JsonNode v2 = paymentRequired();
        assertEquals(2, v2.get("x402Version").asInt());
        assertEquals(service.get("endpoint_url").asText(), v2.get("resource").get("url").asText());
        assertEquals(2, v2.get("accepts").size());
        for (int i = 0; i < 2; i++) {
            JsonNode a = v2.get("accepts").get(i);
            assertEquals(i == 0 ? "exact" : "upto", a.get("scheme").asText());
            assertEquals("purser:ledger", a.get("network").asText());
            assertEquals("200", a.get("amount").asText());
            assertEquals("USD", a.get("asset").asText());
            assertEquals(provider.walletId(), a.get("payTo").asText());
            assertEquals(5, a.get("maxTimeoutSeconds").asInt());
            assertEquals(serviceId, a.get("extra").get("service_id").asText());
            assertEquals(2, a.get("extra").get("decimals").asInt());
            assertEquals("/v1/x402/facilitator", a.get("extra").get("facilitator_url").asText());
        }
        String url = URLEncoder.encode(service.get("endpoint_url").asText(), StandardCharsets.UTF_8);
        assertEquals(1, ok(200, world.api.get("/v1/x402/requirements?x402Version=1&resource=" + url, null)).get("x402Version").asInt());
        error(422, "validation_error", world.api.get("/v1/x402/requirements?x402Version=3&resource=" + url, null));

        JsonNode supported = ok(200, world.api.get("/v1/x402/facilitator/supported", null));
        assertEquals("exact", supported.get("kinds").get(0).get("scheme").asText());
        assertEquals("upto", supported.get("kinds").get(1).get("scheme").asText());
        assertEquals("purser:ledger", supported.get("kinds").get(1).get("network").asText());
        assertTrue(supported.get("extensions").isArray());
    }

    @Test
    void exactVerifiesOnceAndSettlesThePrice() {
        JsonNode exact = paymentRequired().get("accepts").get(0);
        JsonNode a = m.authorized(consumer, serviceId);
        String token = a.get("token").asText();

        JsonNode v = facilitate("verify", provider, exact, token);
        assertTrue(v.get("isValid").asBoolean(), v.toString());
        assertEquals(consumer.walletId(), v.get("payer").asText());
        assertEquals("call_started", ok(200, m.token(consumer, a.get("token_id").asText())).get("status").asText());
        // A replayed payment is refused.
        JsonNode replay = facilitate("verify", provider, exact, token);
        assertFalse(replay.get("isValid").asBoolean());
        assertEquals("token_already_used", replay.get("invalidReason").asText());

        JsonNode s = facilitate("settle", provider, exact, token);
        assertTrue(s.get("success").asBoolean(), s.toString());
        assertEquals(a.get("payment_id").asText(), s.get("transaction").asText());
        assertEquals("purser:ledger", s.get("network").asText());
        assertEquals("200", s.get("amount").asText());
        assertEquals("7.99", m.balance(m.consumerAccount, consumer.walletId()).get("balance").asText());
        assertEquals("2.00", m.balance(m.providerAccount, provider.walletId()).get("balance").asText());
        // A retried settle answers the settlement that happened; nothing moves twice.
        assertEquals(s.get("transaction"), facilitate("settle", provider, exact, token).get("transaction"));
        assertEquals("2.00", m.balance(m.providerAccount, provider.walletId()).get("balance").asText());
        assertEquals(1, m.stat(serviceId, "settled_calls"));
        m.assertLedgerBalanced();
    }

    @Test
    void uptoAuthorizesTheMaximumSettlesTheActualAndReleasesTheRest() {
        JsonNode upto = paymentRequired().get("accepts").get(1);
        JsonNode a = m.authorized(consumer, serviceId);
        String token = a.get("token").asText();
        assertTrue(facilitate("verify", provider, upto, token).get("isValid").asBoolean());
        ObjectNode actual = with(upto, "amount", "120");
        JsonNode tooMuch = facilitate("settle", provider, with(upto, "amount", "201"), token);
        assertEquals("invalid_upto_amount", tooMuch.get("errorReason").asText());
        JsonNode s = facilitate("settle", provider, actual, token);
        assertTrue(s.get("success").asBoolean(), s.toString());
        assertEquals("120", s.get("amount").asText());
        // 1.20 to the provider, no fee on it (30 bps of 1.20 rounds to 0.00); 0.80 and the held fee released.
        assertEquals("8.80", m.balance(m.consumerAccount, consumer.walletId()).get("balance").asText());
        assertEquals("8.80", m.balance(m.consumerAccount, consumer.walletId()).get("available").asText());
        assertEquals("1.20", m.balance(m.providerAccount, provider.walletId()).get("balance").asText());
        assertEquals(120, m.agentSpent(consumer.id()));
        // The payment's request counts what was settled, as the budget counters do.
        JsonNode request = world.api.agentGet("/requests/" + a.get("payment_id").asText(), consumer.token()).json();
        assertEquals(1.20, request.get("amount").asDouble(), 1e-9, request.toString());
        m.assertLedgerBalanced();
    }

    @Test
    void mismatchesAndStrangersAreRefusedAndChangeNothing() {
        JsonNode exact = paymentRequired().get("accepts").get(0);
        JsonNode a = m.authorized(consumer, serviceId);
        String token = a.get("token").asText();
        assertEquals("amount_mismatch", facilitate("verify", provider, with(exact, "amount", "100"), token)
                .get("invalidReason").asText());
        assertEquals("recipient_mismatch", facilitate("verify", provider, with(exact, "payTo", "wal_other"), token)
                .get("invalidReason").asText());
        assertEquals("invalid_network", facilitate("verify", provider, with(exact, "network", "eip155:8453"), token)
                .get("invalidReason").asText());
        assertEquals("unsupported_scheme", facilitate("verify", provider, with(exact, "scheme", "escrow"), token)
                .get("invalidReason").asText());
        assertEquals("invalid_payment_token", facilitate("verify", provider, exact, token + "x").get("invalidReason").asText());
        Marketplace.Agent stranger = m.agent(m.providerAccount, null);
        assertEquals("not_service_provider", facilitate("verify", stranger, exact, token).get("invalidReason").asText());
        // Settling before verify: the call never started.
        assertEquals("invalid_token_state", facilitate("settle", provider, exact, token).get("errorReason").asText());
        assertEquals("authorized", ok(200, m.token(consumer, a.get("token_id").asText())).get("status").asText());

        assertEquals(401, world.api.post("/v1/x402/facilitator/verify", null, request(exact, token)).status());
        error(422, "validation_error", world.api.post("/v1/x402/facilitator/verify", provider.token(), "{\"paymentPayload\": 1}"));
        error(422, "validation_error", world.api.post("/v1/x402/facilitator/settle", provider.token(), "[]"));
        assertTrue(facilitate("verify", provider, exact, token).get("isValid").asBoolean());
    }

    @Test
    void aVerifiedCallTheProviderNeverSettlesIsRefundedByTheSlaScan() {
        JsonNode exact = paymentRequired().get("accepts").get(0);
        JsonNode a = m.authorized(consumer, serviceId);
        assertTrue(facilitate("verify", provider, exact, a.get("token").asText()).get("isValid").asBoolean());
        world.clock.advance(Duration.ofSeconds(5));
        m.scan();
        assertEquals("sla_breached", ok(200, m.token(consumer, a.get("token_id").asText())).get("status").asText());
        assertEquals("refunded", ok(200, world.api.get("/v1/payments/" + a.get("payment_id").asText(), consumer.token()))
                .get("status").asText());
        assertEquals("10.00", m.balance(m.consumerAccount, consumer.walletId()).get("available").asText());
        JsonNode late = facilitate("settle", provider, exact, a.get("token").asText());
        assertFalse(late.get("success").asBoolean());
        assertEquals("", late.get("transaction").asText());
    }
}
