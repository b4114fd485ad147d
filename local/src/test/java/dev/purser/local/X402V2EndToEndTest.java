package dev.purser.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 28's x402 acceptance: the official x402 v2 packages from npm (pinned in
 * x402-purser-scheme/package.json and its lockfile, installed here by {@code npm ci}) against the
 * local runtime. The provider's express server is protected by {@code @x402/express} with Purser
 * as its facilitator; the consumer pays through {@code @x402/fetch} with Purser's scheme
 * (x402-purser-scheme/test/e2e.mjs). Purser's side is checked here: paid once, the replay refused,
 * upto settled at the actual amount, the policy's refusal, and the SLA scan's refund.
 */
class X402V2EndToEndTest {
    static final Path PACKAGE = Path.of("..", "x402-purser-scheme").toAbsolutePath().normalize();
    static PurserLocal local;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        local = PurserLocal.startInMemory();
    }

    @AfterAll
    static void stop() {
        if (local != null) local.close();
    }

    record Agent(String id, String token, String walletId) {}

    static Agent agent(String name, JsonNode policy, String funds) throws Exception {
        String owner = local.demo().ownerKey();
        JsonNode reg = call("POST", "/v1/agents/register", owner, Json.object().put("external_id", name + "-" + UUID.randomUUID())
                .put("name", name).put("budget", "1000"), 201, 200);
        Agent a = new Agent(reg.path("agent_id").asText(), reg.path("token").asText(), reg.path("wallet_id").asText());
        if (policy != null) call("PUT", "/v1/agents/" + a.id() + "/policy", owner, policy, 200);
        if (funds != null) {
            call("POST", "/v1/wallets/" + a.walletId() + "/fund", a.token(), Json.object().put("amount", funds).put("source", "test_faucet"),
                    200, 201);
        }
        return a;
    }

    static JsonNode autoApprove(double perRequest) {
        var policy = Json.object().put("per_request_limit", perRequest).put("daily_limit", 100);
        policy.putObject("auto_approve").put("enabled", true).put("max_amount", 20);
        return policy;
    }

    static JsonNode call(String method, String path, String bearer, JsonNode body, int... ok) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(local.baseUrl() + path)).header("authorization", "Bearer " + bearer)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        boolean accepted = false;
        for (int s : ok) accepted |= r.statusCode() == s;
        assertTrue(accepted, method + " " + path + " -> " + r.statusCode() + " " + r.body());
        return Json.parse(r.body());
    }

    /** Runs a command in the package folder; its stdout, or a failure with everything it printed. */
    static String run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("x402-e2e", ".log");
        Path out = Files.createTempFile("x402-e2e", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).directory(PACKAGE.toFile())
                .redirectOutput(out.toFile()).redirectError(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        if (!done) p.destroyForcibly();
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        Files.deleteIfExists(log);
        assertTrue(done && p.exitValue() == 0, String.join(" ", command) + " failed:\n" + stdout + "\n" + stderr);
        return stdout;
    }

    @Test
    void theOfficialMiddlewareSellsAResourceToTheOfficialClientWithPurserAsFacilitator() throws Exception {
        run(Map.of(), "npm", "ci", "--no-audit", "--no-fund");
        run(Map.of(), "npm", "test"); // the scheme's unit tests with the official packages
        Agent provider = agent("x402 provider", null, null);
        Agent consumer = agent("x402 consumer", autoApprove(5), "10");
        Agent declined = agent("x402 frugal", autoApprove(0.10), "10");
        Map<String, String> env = new HashMap<>();
        env.put("PURSER_URL", local.baseUrl());
        env.put("PROVIDER_TOKEN", provider.token());
        env.put("PROVIDER_WALLET", provider.walletId());
        env.put("CONSUMER_TOKEN", consumer.token());
        env.put("CONSUMER_WALLET", consumer.walletId());
        env.put("DECLINED_TOKEN", declined.token());
        env.put("DECLINED_WALLET", declined.walletId());
        String stdout = run(env, "node", "test/e2e.mjs");
        List<String> lines = stdout.lines().filter(l -> l.startsWith("{")).toList();
        JsonNode summary = Json.parse(lines.get(lines.size() - 1));
        assertTrue(summary.path("ok").asBoolean(), stdout);

        // Paid once: the payment completed, the replay was refused (402 from the middleware).
        String owner = local.demo().ownerKey();
        JsonNode paid = call("GET", "/v1/payments/" + summary.get("paid").get("payment_id").asText(), consumer.token(), null, 200);
        assertEquals("completed", paid.get("status").asText(), paid.toString());
        assertEquals("0.50", paid.get("amount").asText());
        assertEquals(402, summary.get("replay_status").asInt());
        // upto: 0.30 of the 0.50 authorized reached the provider.
        assertEquals("30", summary.get("upto").get("amount").asText());
        assertEquals("0.80", call("GET", "/v1/wallets/" + provider.walletId() + "/balance", owner, null, 200).get("balance").asText());
        // The policy's refusal reached the client; the frugal consumer paid nothing.
        assertTrue(summary.get("declined").asText().contains("Purser refused the payment"), summary.toString());
        assertEquals("10.00", call("GET", "/v1/wallets/" + declined.walletId() + "/balance", owner, null, 200).get("available").asText());

        // The provider failed the third call: the SLA scan (every 10 s locally) refunds the consumer.
        String broken = "/v1/payments/" + summary.get("broken").get("payment_id").asText();
        JsonNode refunded = null;
        for (int i = 0; i < 60; i++) {
            refunded = call("GET", broken, consumer.token(), null, 200);
            if (refunded.get("status").asText().equals("refunded")) break;
            Thread.sleep(500);
        }
        assertEquals("refunded", refunded.get("status").asText(), refunded.toString());
        JsonNode wallet = call("GET", "/v1/wallets/" + consumer.walletId() + "/balance", owner, null, 200);
        // 10 − (0.50 + fee 0.00) − 0.30 = 9.20, the refunded call's hold released.
        assertEquals("9.20", wallet.get("balance").asText(), wallet.toString());
        assertEquals("9.20", wallet.get("available").asText(), wallet.toString());
    }
}
