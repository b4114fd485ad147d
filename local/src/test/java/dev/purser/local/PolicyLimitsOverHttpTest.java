package dev.purser.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 23's reproductions against the local runtime over real HTTP, each now behaving as
 * delivered: payouts decided like payments and held for the owner, a leased child under a rolling
 * 24-hour parent, ASCII-only amounts, bodies refused by size at the front, failed-authentication
 * throttling that never refuses a valid credential (also on {@code /mcp}), and private webhook
 * targets refused unless {@code --allow-loopback-webhooks} (loopback only).
 */
class PolicyLimitsOverHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String BANK = "{\"routing_number\": \"021000021\", \"account_number\": \"9876543210\", "
            + "\"account_holder\": \"Acme Corp\"}";
    final HttpClient http = HttpClient.newHttpClient();

    record Res(int status, JsonNode json, String body) {}

    record Agent(String id, String token, String walletId) {}

    Res call(String base, String method, String path, String bearer, String body) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(base + path)).header("content-type", "application/json");
        if (bearer != null) b.header("authorization", "Bearer " + bearer);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() || !r.body().startsWith("{") ? null : JSON.readTree(r.body());
        return new Res(r.statusCode(), json, r.body());
    }

    static JsonNode ok(int status, Res r) {
        assertEquals(status, r.status(), r.body());
        return r.json();
    }

    Agent agent(String base, String ownerKey, String policy) throws Exception {
        JsonNode r = ok(201, call(base, "POST", "/v1/agents/register", ownerKey,
                "{\"name\": \"a\", \"budget\": \"5000\", \"policy\": " + policy + "}"));
        return new Agent(r.get("agent_id").asText(), r.get("token").asText(), r.get("wallet_id").asText());
    }

    void fund(String base, String ownerKey, String walletId, String amount) throws Exception {
        ok(200, call(base, "POST", "/v1/wallets/" + walletId + "/fund", ownerKey,
                "{\"amount\": \"" + amount + "\", \"source\": \"test_faucet\"}"));
    }

    Res payout(String base, Agent a, String amount) throws Exception {
        return call(base, "POST", "/v1/payouts", a.token(), "{\"from_wallet_id\": \"" + a.walletId() + "\", \"amount\": \""
                + amount + "\", \"destination_type\": \"bank\", \"destination\": " + BANK + "}");
    }

    @Test
    void payoutsAreDecidedLikePaymentsAndHeldForTheOwnerWhoDecidesByOneClickLink() throws Exception {
        try (PurserLocal local = PurserLocal.startInMemoryWithLoopbackWebhooks(); Subscriber hook = new Subscriber()) {
            String base = local.baseUrl();
            String owner = local.demo().ownerKey();
            ok(201, call(base, "POST", "/v1/webhooks", owner, "{\"url\": \"" + hook.url() + "\", \"events\": [\"*\"]}"));
            // 900.00 under a per-request limit of 200: rejected, with the check that refused it.
            Agent capped = agent(base, owner, "{\"auto_approve\": {\"enabled\": true}, \"per_request_limit\": 200}");
            fund(base, owner, capped.walletId(), "1000");
            Res refused = payout(base, capped, "900.00");
            assertEquals(403, refused.status(), refused.body());
            assertEquals("per_request_limit", refused.json().get("held_by").asText());
            assertEquals("1000.00", ok(200, call(base, "GET", "/v1/wallets/" + capped.walletId() + "/balance", owner, null))
                    .get("available").asText());

            // A new destination: pending for the owner, in the review queue, decided by the event's one-click link.
            Res held = payout(base, capped, "150.00");
            JsonNode p = ok(201, held);
            String id = p.get("id").asText();
            assertEquals("pending_approval", p.get("status").asText());
            assertEquals("payout_destination", p.get("held_by").asText());
            assertTrue(ok(200, call(base, "GET", "/v1/agents/transactions/pending", owner, null)).toString().contains(id));
            JsonNode pending = awaitEvent(hook, "request.pending", id);
            assertNotNull(awaitEvent(hook, "payout.pending_approval", id));
            String approve = pending.at("/data/links/approve_url").asText();
            String path = approve.substring(approve.indexOf("/v1/actions/"));
            assertEquals(200, call(base, "POST", path, null, null).status());
            assertEquals("pending", ok(200, call(base, "GET", "/v1/payouts/" + id, capped.token(), null)).get("status").asText());
            assertEquals(1, ok(200, call(base, "GET", "/v1/account/payout-destinations", owner, null)).get("destinations").size());
            assertEquals("pending", ok(201, payout(base, capped, "10.00")).get("status").asText(), "now an approved destination");
        }
    }

    /** Polls the subscriber for the event of {@code type} about {@code id} (a request or a payout). */
    static JsonNode awaitEvent(Subscriber hook, String type, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (Subscriber.Received r : hook.received()) {
                JsonNode e = JSON.readTree(r.body());
                if (type.equals(e.path("type").asText())
                        && (id.equals(e.at("/data/request_id").asText()) || id.equals(e.at("/data/id").asText()))) {
                    return e;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + type + " for " + id + " in " + hook.received().size() + " deliveries");
    }

    @Test
    void defectsLeasedRollingChildDigitsBodiesAndThrottling() throws Exception {
        try (PurserLocal local = PurserLocal.startInMemory()) {
            String base = local.baseUrl();
            String owner = local.demo().ownerKey();
            // A leased child under a parent with a rolling 24-hour limit is decided, not failed closed.
            Agent parent = agent(base, owner, "{\"auto_approve\": {\"enabled\": true}, \"rolling_24h_limit\": 100}");
            Agent child = agent(base, owner, "{\"auto_approve\": {\"enabled\": true}}");
            ok(201, call(base, "POST", "/v1/spend-guard/budget-leases", owner, "{\"parent_agent\": \"" + parent.id()
                    + "\", \"child_agent\": \"" + child.id() + "\", \"amount\": 50}"));
            JsonNode leased = ok(201, call(base, "POST", "/api/v1/agent-api/requests", child.token(),
                    "{\"amount\": 5, \"category\": \"groceries\"}"));
            assertEquals("auto_approved", leased.get("status").asText(), leased.toString());

            // Amounts are ASCII digits only.
            for (String digits : List.of("\"١٢\"", "\"１２\"", "\"۱۲\"")) {
                Res r = call(base, "POST", "/api/v1/agent-api/requests", child.token(), "{\"amount\": " + digits
                        + ", \"category\": \"groceries\"}");
                assertEquals(422, r.status(), digits + " " + r.body());
                Res pay = call(base, "POST", "/v1/payouts", owner, "{\"from_wallet_id\": \"" + child.walletId()
                        + "\", \"amount\": " + digits + ", \"destination_type\": \"bank\", \"destination\": " + BANK + "}");
                assertEquals(422, pay.status(), digits + " " + pay.body());
            }

            // A body over the bound is refused by its size at the front: 413 body_too_large.
            char[] big = new char[200 * 1024];
            Arrays.fill(big, 'x');
            Res large = call(base, "POST", "/api/v1/agent-api/requests", child.token(), "{\"x\": \"" + new String(big) + "\"}");
            assertEquals(413, large.status(), large.body().length() > 300 ? large.body().substring(0, 300) : large.body());
            assertEquals("body_too_large", large.json().get("code").asText());
            assertFalse(large.json().get("detail").asText().isBlank());
            Res chunked = chunked(base, "/v1/payouts", owner, 100 * 1024);
            assertEquals(413, chunked.status(), chunked.body());
            assertEquals("body_too_large", chunked.json().get("code").asText());
            // A chunked body far larger (it would once have been read whole into the heap): the front
            // stops after the bound and closes the connection; a client still sending may see the
            // reset before the 413. Either way the runtime keeps serving.
            try {
                assertEquals(413, chunked(base, "/v1/payouts", owner, 64L * 1024 * 1024).status());
            } catch (java.io.IOException reset) {
                // the connection was closed while the client was still writing
            }
            assertEquals(200, call(base, "GET", "/health", null, null).status(), "still serving");

            // 20+ failed authentications from this address, then a valid token: answered normally.
            for (int i = 0; i < 21; i++) call(base, "GET", "/api/v1/agent-api/budget", "agt_wrong" + i, null);
            assertEquals(429, call(base, "GET", "/api/v1/agent-api/budget", "agt_wrong", null).status());
            assertEquals(200, call(base, "GET", "/api/v1/agent-api/budget", child.token(), null).status());
            // /mcp counts failures like every entry point: a wrong token is a 401, then a 429.
            String rpc = "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/list\"}";
            assertEquals(429, call(base, "POST", "/mcp", "agt_wrong_mcp", rpc).status());
            assertEquals(200, call(base, "POST", "/mcp", child.token(), rpc).status());

            // The same guard as on AWS: a loopback webhook target is refused by default.
            Res hook = call(base, "POST", "/v1/webhooks", owner, "{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"*\"]}");
            assertEquals(422, hook.status(), hook.body());
        }
    }

    @Test
    void theLoopbackFlagAllowsLoopbackReceiversOnly() throws Exception {
        try (PurserLocal local = PurserLocal.startInMemoryWithLoopbackWebhooks()) {
            String base = local.baseUrl();
            String owner = local.demo().ownerKey();
            for (String url : List.of("http://127.0.0.1:9/hook", "http://localhost:9/hook", "http://[::1]:9/hook")) {
                assertEquals(201, call(base, "POST", "/v1/webhooks", owner, "{\"url\": \"" + url + "\", \"events\": [\"*\"]}").status(), url);
            }
            for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/hook", "http://192.168.1.1/hook")) {
                Res r = call(base, "POST", "/v1/webhooks", owner, "{\"url\": \"" + url + "\", \"events\": [\"*\"]}");
                assertEquals(422, r.status(), url + " " + r.body());
            }
        }
    }

    /** A POST of {@code size} bytes streamed with chunked encoding (no Content-Length), produced lazily. */
    Res chunked(String base, String path, String bearer, long size) throws Exception {
        Supplier<InputStream> body = () -> new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }
        };
        var r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("content-type", "application/json")
                .header("authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofInputStream(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Res(r.statusCode(), r.body().startsWith("{") ? JSON.readTree(r.body()) : null, r.body());
    }
}
