package dev.purser.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.accounts.AccountStore;
import dev.purser.config.AwsClients;
import dev.purser.config.Purser;
import dev.purser.functions.Handlers;
import dev.purser.functions.InProcessApi;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.json.Json;
import dev.purser.policy.DefaultCategories;
import dev.purser.testing.LocalAws;
import dev.purser.testing.WithLocalAws;
import dev.purser.tools.AgentTools;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /mcp} as API Gateway calls it (the payload-v2 event through {@link InProcessApi}):
 * the protocol's answers, the token's role, and that nothing a client sends is a 5xx.
 */
@WithLocalAws
class McpFunctionTest {
    static InProcessApi api;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        var env = LocalAws.get().env();
        Purser purser = new Purser(env, Clock.systemUTC(), new AwsClients(env).dynamo());
        api = new InProcessApi(new Handlers(purser).with(LambdaFunction.MCP, new McpFunction(purser)));
        var created = new AccountStore(purser.dynamo(), purser.table()).create("MCP " + UUID.randomUUID(), "USD",
                "America/New_York", DefaultCategories.NAMES, purser.now());
        HttpResponse reg = api.invoke("POST", "/v1/agents/register", null,
                Map.of("authorization", "Bearer " + created.ownerKey(), "content-type", "application/json"),
                Json.write(Json.object().put("external_id", "mcp").put("name", "MCP").put("budget", "100")), null);
        token = Json.parse(reg.body()).path("token").asText();
        assertTrue(token.startsWith("agt_"), reg.body());
    }

    static HttpResponse post(String bearer, String body) {
        var headers = new java.util.HashMap<String, String>(Map.of("content-type", "application/json",
                "accept", "application/json, text/event-stream"));
        if (bearer != null) headers.put("authorization", "Bearer " + bearer);
        return api.invoke("POST", "/mcp", null, headers, body, "198.51.100.7");
    }

    static JsonNode rpc(String bearer, String method, JsonNode params) throws Exception {
        HttpResponse r = post(bearer, Json.write(Json.object().put("jsonrpc", "2.0").put("id", 7).put("method", method)
                .set("params", params)));
        assertEquals(200, r.status(), r.body());
        assertEquals("application/json", r.headers().get("content-type"));
        return Json.parse(r.body());
    }

    @Test
    void initializeListAndCall() throws Exception {
        var init = Json.object().put("protocolVersion", "2025-06-18");
        init.putObject("capabilities");
        init.putObject("clientInfo").put("name", "test").put("version", "1");
        JsonNode hello = rpc(token, "initialize", init);
        assertEquals("purser", hello.path("result").path("serverInfo").path("name").asText(), hello.toString());
        assertNotNull(hello.path("result").get("instructions"));

        HttpResponse note = post(token, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertEquals(202, note.status());

        JsonNode tools = rpc(token, "tools/list", Json.object());
        assertEquals(AgentTools.definitions().size(), tools.path("result").path("tools").size());

        JsonNode budget = rpc(token, "tools/call", Json.object().put("name", "purser_get_budget").set("arguments", Json.object()));
        assertFalse(budget.path("result").path("isError").asBoolean(), budget.toString());
        assertTrue(budget.path("result").path("structuredContent").has("remaining"), budget.toString());
    }

    @Test
    void aWrongTokenAndNoTokenAreA401() throws Exception {
        HttpResponse denied = post("agt_wrong", Json.write(Json.object().put("jsonrpc", "2.0").put("id", 7).put("method", "tools/call")
                .set("params", Json.object().put("name", "purser_get_budget").set("arguments", Json.object()))));
        assertEquals(401, denied.status(), denied.body());
        assertTrue(Json.parse(denied.body()).has("detail"));

        HttpResponse none = post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertEquals(401, none.status());
        assertTrue(Json.parse(none.body()).has("detail"));
    }

    @Test
    void anUnsupportedProtocolVersionIsA400AndASupportedOneIsServed() throws Exception {
        String list = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}";
        var headers = new java.util.HashMap<String, String>(Map.of("content-type", "application/json",
                "authorization", "Bearer " + token, "mcp-protocol-version", "1999-01-01"));
        HttpResponse refused = api.invoke("POST", "/mcp", null, headers, list, "198.51.100.7");
        assertEquals(400, refused.status(), refused.body());
        assertTrue(Json.parse(refused.body()).path("error").path("message").asText().contains("1999-01-01"), refused.body());
        headers.put("mcp-protocol-version", "2025-11-25");
        HttpResponse served = api.invoke("POST", "/mcp", null, headers, list, "198.51.100.7");
        assertEquals(200, served.status(), served.body());
        JsonNode tool = Json.parse(served.body()).path("result").path("tools").get(0);
        assertEquals("object", tool.path("outputSchema").path("type").asText(), tool.toString());
    }

    @Test
    void garbageIsAJsonRpcErrorNeverA5xx() throws Exception {
        for (String body : new String[] {"", "{", "[]", "42", "{\"jsonrpc\":\"2.0\"}", "{\"jsonrpc\":\"2.0\",\"id\":1}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"nope\"}", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"purser_pay\",\"arguments\":{\"amount\":\"x\"}}}"}) {
            HttpResponse r = post(token, body);
            assertTrue(r.status() < 500, body + " -> " + r.status() + " " + r.body());
        }
    }
}
