package dev.purser.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.json.Json;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tool set, defined once: coverage of the agent's capabilities, well-formed schemas, every format. */
class AgentToolsTest {
    /** Functions an agent token may call; a tool on any other route would only ever answer 401/403. */
    static final Set<LambdaFunction> AGENT_FACING = EnumSet.of(LambdaFunction.CREATE_REQUEST, LambdaFunction.CHECK_REQUEST,
            LambdaFunction.REQUEST_READS, LambdaFunction.CONFIRM_REQUEST, LambdaFunction.X402, LambdaFunction.SERVICES,
            LambdaFunction.WALLETS, LambdaFunction.PAYMENTS, LambdaFunction.SPEND_GUARD, LambdaFunction.X402_TOKENS,
            LambdaFunction.DISPUTES);

    @Test
    void everyAgentCapabilityHasATool() {
        Set<Route> routes = new HashSet<>();
        AgentTools.all().forEach(t -> routes.add(t.route()));
        for (Route r : List.of(Route.AGENT_CREATE_REQUEST, Route.AGENT_CHECK_REQUEST, Route.AGENT_GET_REQUEST,
                Route.AGENT_LIST_REQUESTS, Route.AGENT_CONFIRM_REQUEST, Route.AGENT_GET_BUDGET, Route.AGENT_GET_POLICY,
                Route.AGENT_GET_CATEGORIES, Route.GET_WALLET_BALANCE, Route.LIST_WALLET_TRANSACTIONS, Route.CREATE_PAYMENT,
                Route.REFUND_PAYMENT, Route.X402_AUTHORIZE, Route.X402_REPORT, Route.SERVICES_LIST, Route.SERVICES_GET,
                Route.SG_CREATE_RESERVATION, Route.SG_CAPTURE_RESERVATION, Route.SG_RELEASE_RESERVATION,
                Route.SG_ESTIMATE, Route.SG_AUTHORIZE, Route.SERVICE_AUTHORIZE, Route.X402_VERIFY, Route.SG_CREATE_LEASE,
                Route.SG_RELEASE_LEASE, Route.DISPUTE_OPEN, Route.DISPUTE_ADD_EVIDENCE)) {
            assertTrue(routes.contains(r), "no tool for " + r);
        }
        for (Tool t : AgentTools.all()) {
            assertTrue(AGENT_FACING.contains(t.route().function()), t.name() + " calls " + t.route() + ", not agent-facing");
        }
    }

    @Test
    void definitionsAreWrittenForAModelAndSchemasAreWellFormed() {
        for (ToolDefinition d : AgentTools.definitions()) {
            assertTrue(d.name().startsWith("purser_"), d.name());
            assertTrue(d.description().length() >= 40, d.name() + ": describe when to use it");
            JsonNode schema = d.inputSchema();
            assertEquals("object", schema.path("type").asText(), d.name());
            for (JsonNode req : schema.path("required")) {
                assertTrue(schema.path("properties").has(req.asText()), d.name() + " requires undeclared " + req);
            }
            schema.path("properties").fields().forEachRemaining(p ->
                    assertFalse(p.getValue().path("description").asText().isBlank() && !p.getValue().has("properties"),
                            d.name() + "." + p.getKey() + " has no description"));
        }
        // What to do on pending and on a decline is said where a model decides.
        String ask = AgentTools.named("purser_request_purchase").orElseThrow().definition().description();
        assertTrue(ask.contains("pending") && ask.contains("poll") && ask.contains("rejected") && ask.contains("reason"), ask);
    }

    @Test
    void argumentsMapOntoPathQueryHeaderAndBody() {
        Tool confirm = AgentTools.named("purser_confirm_purchase").orElseThrow();
        ApiCall call = confirm.call(Json.object().put("request_id", "a b/c").put("success", true)
                .put("actual_amount", 9.5).put("idempotency_key", "k1"));
        assertEquals("/api/v1/agent-api/requests/a%20b%2Fc/confirm", call.rawPath());
        assertEquals("k1", call.headers().get("idempotency-key"));
        assertEquals(Json.object().put("success", true).put("actual_amount", 9.5), call.body());
        ApiCall list = AgentTools.named("purser_list_requests").orElseThrow().call(Json.object().put("status", "pending").put("limit", 5));
        assertEquals("limit=5&status=pending", list.rawQuery());
        assertEquals(null, list.body());
    }

    @Test
    void invokerTurnsEveryRefusalIntoAFailureWithItsDetail() {
        List<ApiCall> sent = new java.util.ArrayList<>();
        Backend validation = (call, token) -> {
            sent.add(call);
            return HttpResponse.json(422, Json.object().set("detail", Json.array().add(Json.object()
                    .put("msg", "Input should be greater than 0").set("loc", Json.array().add("body").add("amount")))));
        };
        ToolResult r = new ToolInvoker(validation).invoke("purser_request_purchase",
                Json.object().put("amount", -1).put("category", "x"), "agt_x");
        assertEquals(new ToolResult.Failure(422, "amount: Input should be greater than 0", r.body()), r);
        ToolResult missing = new ToolInvoker(validation).invoke("purser_get_request", Json.object(), "agt_x");
        assertTrue(missing instanceof ToolResult.Failure f && f.detail().contains("request_id"), missing.toString());
        assertTrue(new ToolInvoker(validation).invoke("nope", null, "t") instanceof ToolResult.Failure);
        assertEquals(1, sent.size(), "nothing is sent for a call that cannot be made");
        Backend coded = (call, token) -> HttpResponse.json(402, Json.object().put("detail", "Insufficient funds").put("code", "AP-1001"));
        assertEquals("Insufficient funds (AP-1001)", ((ToolResult.Failure) new ToolInvoker(coded)
                .invoke("purser_get_budget", null, "t")).detail());
    }

    @Test
    void everyFormatRendersEveryTool() {
        int n = AgentTools.definitions().size();
        assertEquals(n, ToolFormats.OPENAI.render().size());
        assertEquals("function", ToolFormats.OPENAI.render().get(0).path("type").asText());
        assertTrue(ToolFormats.ANTHROPIC.render().get(0).has("input_schema"));
        assertEquals(n, ToolFormats.GEMINI.render().get(0).path("functionDeclarations").size());
        assertFalse(ToolFormats.GEMINI.render().toString().contains("additionalProperties"));
        assertFalse(ToolFormats.GEMINI.render().toString().contains("exclusiveMinimum"));
        // Gemini's SDK types name the schema types in capitals (types.Type.OBJECT, STRING, ...).
        JsonNode gemini = ToolFormats.GEMINI.render().get(0).path("functionDeclarations");
        Set<String> types = new HashSet<>();
        gemini.findValues("type").forEach(t -> { if (t.isTextual()) types.add(t.asText()); });
        assertTrue(types.containsAll(Set.of("OBJECT", "STRING", "NUMBER")), types.toString());
        assertTrue(Set.of("OBJECT", "STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY").containsAll(types), types.toString());
        assertTrue(ToolFormats.LANGCHAIN.render().get(0).has("args_schema"));
        assertTrue(ToolFormats.AUTOGEN.render().get(0).has("parameters"));
    }

    @Test
    void everyToolHasAnOutputSchemaFromTheDocumentedAnswer() {
        for (Tool t : AgentTools.all()) {
            ObjectNode schema = ToolOutputSchemas.of(t);
            assertEquals("object", schema.path("type").asText(), t.name());
            assertFalse(schema.toString().contains("#/components/"), t.name() + ": refs point into $defs");
            for (JsonNode ref : schema.findValues("$ref")) {
                String name = ref.asText().substring("#/$defs/".length());
                assertTrue(schema.path("$defs").has(name), t.name() + " refers to a missing " + name);
            }
            assertFalse(schema.toString().contains("\"additionalProperties\":false"), t.name() + ": answers are open");
        }
        // The answer of purser_get_budget is the documented AgentApiBudget.
        ObjectNode budget = ToolOutputSchemas.of(AgentTools.named("purser_get_budget").orElseThrow());
        assertEquals("#/$defs/AgentApiBudget", budget.path("allOf").get(0).path("$ref").asText());
        assertTrue(budget.path("$defs").path("AgentApiBudget").path("properties").has("remaining"), budget.toString());
    }

    @Test
    void aiToolsApiDefaultsToOpenAiAndRefusesAnUnknownFormat() throws Exception {
        AiToolsApi api = new AiToolsApi("https://purser.example.com/");
        HttpResponse def = api.handle(get(Route.AI_TOOLS_LIST, Map.of()));
        assertEquals(200, def.status());
        assertEquals(ToolFormats.OPENAI.render(), Json.parse(def.body()));
        HttpResponse gemini = api.handle(get(Route.AI_TOOLS_LIST, Map.of("format", "gemini")));
        assertEquals(ToolFormats.GEMINI.render(), Json.parse(gemini.body()));
        HttpResponse bad = api.handle(get(Route.AI_TOOLS_LIST, Map.of("format", "xml")));
        assertEquals(422, bad.status());
        assertTrue(Json.parse(bad.body()).path("detail").asText().contains("openai, anthropic, gemini, langchain, autogen"));
        JsonNode manifest = Json.parse(api.handle(get(Route.AI_PLUGIN_MANIFEST, Map.of())).body());
        assertEquals("https://purser.example.com/openapi.json", manifest.path("api").path("url").asText());
        assertEquals("https://purser.example.com/mcp", manifest.path("x-purser").path("mcp_url").asText());
    }

    private static HttpRequest get(Route route, Map<String, String> query) {
        return new HttpRequest(route, "GET", route.path(), Map.of(), query, Map.of(), null, "203.0.113.9");
    }
}
