package dev.purser.examples.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.purser.json.Json;
import dev.purser.local.PurserLocal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example agent against a local runtime, with a scripted model in place of an LLM: the model's
 * turns are fixed, the tools really run (LangChain4j executes them against Purser), and the last
 * turn reads what the tools answered.
 */
class ShoppingAgentTest {
    static PurserLocal local;

    @BeforeAll
    static void start() throws Exception {
        local = PurserLocal.startInMemory();
    }

    @AfterAll
    static void stop() {
        if (local != null) local.close();
    }

    /** A model that plays a script: each turn sees the conversation so far and answers. */
    static final class ScriptedModel implements ChatModel {
        final Deque<Function<List<ChatMessage>, AiMessage>> turns = new ArrayDeque<>();
        int requestsWithTools;

        @Override
        public ChatResponse doChat(ChatRequest request) {
            if (!request.toolSpecifications().isEmpty()) requestsWithTools++;
            return ChatResponse.builder().aiMessage(turns.removeFirst().apply(request.messages())).build();
        }
    }

    static AiMessage callTool(String name, JsonNode args) {
        return new AiMessage(List.of(ToolExecutionRequest.builder().id(name + "-1").name(name)
                .arguments(Json.write(args)).build()));
    }

    static JsonNode lastToolResult(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof ToolExecutionResultMessage r) return Json.parseTrusted(r.text());
        }
        throw new AssertionError("no tool result in " + messages);
    }

    @Test
    void theAgentAsksPurserBeforeBuyingAndConfirms() throws Exception {
        ScriptedModel model = new ScriptedModel();
        model.turns.add(m -> callTool("purser_get_budget", Json.object()));
        model.turns.add(m -> {
            assertTrue(lastToolResult(m).has("remaining"), m.toString());
            return callTool("purser_request_purchase", Json.object().put("amount", 12).put("category", "software")
                    .put("merchant_name", "JetBrains"));
        });
        String[] requestId = new String[1];
        model.turns.add(m -> {
            JsonNode decision = lastToolResult(m);
            requestId[0] = decision.path("request_id").asText();
            return callTool("purser_confirm_purchase", Json.object().put("request_id", requestId[0])
                    .put("success", true).put("actual_amount", 11.5));
        });
        model.turns.add(m -> new AiMessage("Bought it: request " + requestId[0] + " is " + lastToolResult(m).path("status").asText()));

        ShoppingAgent agent = ShoppingAgent.create(model, local.baseUrl(), local.demoAgentToken());
        String answer = agent.chat("Buy a JetBrains licence for about 12 USD");

        assertEquals("Bought it: request " + requestId[0] + " is completed", answer);
        assertTrue(model.requestsWithTools > 0, "the model was offered Purser's tools");
        HttpResponse<String> read = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(local.baseUrl() + "/api/v1/agent-api/requests/" + requestId[0]))
                .header("authorization", "Bearer " + local.demoAgentToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("completed", Json.parse(read.body()).path("status").asText(), read.body());
    }

    @Test
    void aRejectionReachesTheModelWithItsReason() {
        ScriptedModel model = new ScriptedModel();
        model.turns.add(m -> callTool("purser_request_purchase", Json.object().put("amount", 300).put("category", "groceries")));
        model.turns.add(m -> {
            JsonNode decision = lastToolResult(m);
            return new AiMessage(decision.path("status").asText() + ": " + decision.path("policy_check").toString());
        });
        String answer = ShoppingAgent.create(model, local.baseUrl(), local.demoAgentToken()).chat("Buy groceries for 300");
        assertTrue(answer.startsWith("rejected: "), answer);
    }
}
