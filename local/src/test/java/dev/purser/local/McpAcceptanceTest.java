package dev.purser.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.json.Json;
import dev.purser.tools.AgentTools;
import dev.purser.tools.ToolDefinition;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15's acceptance: the MCP Java SDK's own client, over stdio (the mcp jar spawned as a child
 * process, calling the local runtime over HTTP with the agent's token) and over streamable HTTP
 * (the local runtime's {@code POST /mcp}, tools run in-process), lists the tools and drives every
 * outcome a model must handle.
 */
class McpAcceptanceTest {
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

    /** A fresh agent per transport: auto-approve ≤ 20, at most 200 a request, 1000 a day; a funded wallet. */
    record Agent(String id, String token, String walletId) {}

    static Agent agent() throws Exception {
        String owner = local.demo().ownerKey();
        JsonNode reg = call("POST", "/v1/agents/register", owner, Json.object().put("external_id", "mcp-" + UUID.randomUUID())
                .put("name", "MCP agent").put("budget", "1000"), 201, 200);
        String id = reg.path("agent_id").asText();
        String token = reg.path("token").asText();
        String wallet = reg.path("wallet_id").asText();
        assertTrue(token.startsWith("agt_"), reg.toString());
        var policy = Json.object().put("per_request_limit", 200).put("daily_limit", 1000);
        policy.putObject("auto_approve").put("enabled", true).put("max_amount", 20);
        call("PUT", "/v1/agents/" + id + "/policy", owner, policy, 200);
        call("POST", "/v1/wallets/" + wallet + "/fund", token, Json.object().put("amount", 100).put("source", "test_faucet"),
                200, 201);
        return new Agent(id, token, wallet);
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

    static McpClientTransport transport(String kind, Agent agent) {
        if (kind.equals("stdio")) {
            ServerParameters server = ServerParameters.builder("java")
                    .args(McpJar.command())
                    .env(Map.of("PURSER_URL", local.baseUrl(), "PURSER_TOKEN", agent.token()))
                    .build();
            return new StdioClientTransport(server, McpJsonDefaults.getMapper());
        }
        return HttpClientStreamableHttpTransport.builder(local.baseUrl()).endpoint("/mcp")
                .httpRequestCustomizer((builder, method, uri, body, context) ->
                        builder.header("Authorization", "Bearer " + agent.token()))
                .build();
    }

    static JsonNode call(McpSyncClient client, String tool, JsonNode args) {
        McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(tool,
                Json.MAPPER.convertValue(args, Map.class)));
        assertFalse(Boolean.TRUE.equals(r.isError()), tool + " failed: " + text(r));
        return answer(r);
    }

    /** The answer: the first text block (a pending purchase adds a second, for the model: where to approve). */
    static JsonNode answer(McpSchema.CallToolResult r) {
        try {
            return Json.parse(((McpSchema.TextContent) r.content().get(0)).text());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text(r), e);
        }
    }

    static String text(McpSchema.CallToolResult r) {
        return r.content().stream().filter(c -> c instanceof McpSchema.TextContent)
                .map(c -> ((McpSchema.TextContent) c).text()).collect(Collectors.joining("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"stdio", "http"})
    void anAgentDrivesEveryOutcomeThroughMcp(String kind) throws Exception {
        Agent agent = agent();
        try (McpSyncClient client = McpClient.sync(transport(kind, agent)).requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60)).build()) {
            McpSchema.InitializeResult init = client.initialize();
            assertEquals("purser", init.serverInfo().name());

            // Every tool, defined once, is listed with its description and schema.
            Set<String> listed = client.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
            assertEquals(AgentTools.definitions().stream().map(ToolDefinition::name).collect(Collectors.toSet()), listed);

            // An auto-approved purchase, confirmed with its actual amount.
            JsonNode auto = call(client, "purser_request_purchase", Json.object().put("amount", 12.5)
                    .put("category", "software").put("merchant_name", "JetBrains"));
            assertEquals("auto_approved", auto.path("status").asText(), auto.toString());
            JsonNode confirmed = call(client, "purser_confirm_purchase", Json.object()
                    .put("request_id", auto.path("request_id").asText()).put("success", true).put("actual_amount", 11.9));
            assertEquals("completed", confirmed.path("status").asText(), confirmed.toString());

            // A pending one: held until the owner approves; the agent observes the approval.
            JsonNode pending = call(client, "purser_request_purchase", Json.object().put("amount", 45)
                    .put("category", "software").put("description", "team licence"));
            assertEquals("pending", pending.path("status").asText(), pending.toString());
            String pendingId = pending.path("request_id").asText();
            assertEquals("pending", call(client, "purser_get_request", Json.object().put("request_id", pendingId))
                    .path("status").asText());
            call("POST", "/v1/requests/" + pendingId + "/approve", local.demo().ownerKey(), null, 200);
            assertEquals("approved", call(client, "purser_get_request", Json.object().put("request_id", pendingId))
                    .path("status").asText());

            // A rejected one, with the reason the model must report.
            JsonNode rejected = call(client, "purser_request_purchase", Json.object().put("amount", 250)
                    .put("category", "software"));
            assertEquals("rejected", rejected.path("status").asText(), rejected.toString());
            assertTrue(rejected.path("policy_check").toString().contains("250") || rejected.toString().contains("limit"),
                    "a reason: " + rejected);

            // A dry run changes nothing: same budget and the same requests before and after.
            JsonNode budgetBefore = call(client, "purser_get_budget", Json.object());
            JsonNode listBefore = call(client, "purser_list_requests", Json.object().put("limit", 100));
            JsonNode check = call(client, "purser_check_purchase", Json.object().put("amount", 30).put("category", "software"));
            assertEquals("pending", check.path("status").asText(check.path("would_be").asText()), check.toString());
            assertEquals(budgetBefore, call(client, "purser_get_budget", Json.object()));
            assertEquals(listBefore, call(client, "purser_list_requests", Json.object().put("limit", 100)));

            // A wallet payment, settled on the internal rail.
            JsonNode paid = call(client, "purser_pay", Json.object().put("from_wallet_id", agent.walletId())
                    .put("to_external", "merchant:demo").put("amount", 5).put("currency", "USD")
                    .put("idempotency_key", "mcp-" + kind));
            assertEquals("completed", paid.path("status").asText(), paid.toString());
            JsonNode balance = call(client, "purser_get_wallet_balance", Json.object().put("wallet_id", agent.walletId()));
            assertNotNull(balance.get("available"), balance.toString());

            // An x402 authorization (0.01 USDC on base-sepolia).
            var x402 = Json.object().put("max_amount_usd", 0.05);
            x402.putObject("payment_requirements").put("scheme", "exact").put("network", "eip155:84532")
                    .put("amount", "10000").put("asset", "USDC").put("pay_to", "0x1234")
                    .put("resource", "https://api.example.com/weather");
            JsonNode authorized = call(client, "purser_x402_authorize", x402);
            assertTrue(authorized.path("authorized").asBoolean(), authorized.toString());

            // A refusal is a tool result with the API's detail, not a protocol error.
            McpSchema.CallToolResult missing = client.callTool(new McpSchema.CallToolRequest("purser_get_request",
                    Map.of("request_id", "00000000-0000-0000-0000-000000000000")));
            assertTrue(missing.isError(), text(missing));
            assertTrue(text(missing).contains("404"), text(missing));
            McpSchema.CallToolResult invalid = client.callTool(new McpSchema.CallToolRequest("purser_request_purchase",
                    Map.of("amount", -3, "category", "software")));
            assertTrue(invalid.isError(), text(invalid));
            assertTrue(text(invalid).contains("amount"), text(invalid));
            // A tool the server never listed is the protocol's error (MCP spec: unknown tool = -32602).
            assertThrows(McpError.class, () -> client.callTool(new McpSchema.CallToolRequest("purser_nope", Map.of())));
        }
    }

    @org.junit.jupiter.api.Test
    void theToolSchemasAndManifestAreServedFromTheSameDefinitions() throws Exception {
        HttpResponse<String> tools = http.send(HttpRequest.newBuilder(URI.create(local.baseUrl() + "/ai/tools?format=anthropic"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, tools.statusCode(), tools.body());
        assertEquals(AgentTools.definitions().size(), Json.parse(tools.body()).size());
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(local.baseUrl() + "/ai/tools?format=cobol"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(422, bad.statusCode());
        HttpResponse<String> manifest = http.send(HttpRequest.newBuilder(URI.create(local.baseUrl()
                + "/.well-known/ai-plugin.json")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, manifest.statusCode(), manifest.body());
        assertTrue(Json.parse(manifest.body()).path("x-purser").path("mcp_url").asText().endsWith("/mcp"), manifest.body());
    }

    /** How to start the stdio server: the packaged jar when the build made it, else the same main class. */
    static final class McpJar {
        static java.util.List<String> command() {
            Path root = Path.of("").toAbsolutePath();
            while (root != null && !Files.exists(root.resolve("cdk.json"))) root = root.getParent();
            Path jar = root == null ? null : root.resolve("mcp/target/purser-mcp.jar");
            if (jar != null && Files.isRegularFile(jar)) return java.util.List.of("-jar", jar.toString());
            // `mvn test` without package: the classes are on this JVM's class path.
            return java.util.List.of("-cp", System.getProperty("java.class.path"), "dev.purser.mcp.PurserMcp");
        }
    }
}
