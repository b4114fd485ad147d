package dev.purser.examples.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.purser.json.Json;
import dev.purser.tools.AgentTools;
import dev.purser.tools.HttpBackend;
import dev.purser.tools.ToolDefinition;
import dev.purser.tools.ToolInvoker;
import dev.purser.tools.ToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Purser's agent tools as LangChain4j tools: each {@link ToolDefinition} becomes a
 * {@link ToolSpecification} (same name, description and argument schema the MCP server lists)
 * and a {@link ToolExecutor} that calls Purser over HTTP with the agent's token. A refusal is
 * returned to the model as text starting with {@code Error <status>:} and the API's detail, so the
 * model can reason about it.
 */
public final class PurserTools {
    private PurserTools() {}

    /** @param purserUrl the API's base URL, e.g. {@code http://localhost:8080} */
    public static Map<ToolSpecification, ToolExecutor> forAgent(String purserUrl, String agentToken) {
        ToolInvoker invoker = new ToolInvoker(new HttpBackend(purserUrl));
        Map<ToolSpecification, ToolExecutor> tools = new LinkedHashMap<>();
        for (ToolDefinition d : AgentTools.definitions()) {
            tools.put(specification(d), (request, memoryId) -> {
                JsonNode args;
                try {
                    args = request.arguments() == null || request.arguments().isBlank()
                            ? Json.object() : Json.parse(request.arguments());
                } catch (Exception e) {
                    return "Error 422: the arguments are not valid JSON";
                }
                return render(invoker.invoke(d.name(), args, agentToken));
            });
        }
        return tools;
    }

    static String render(ToolResult result) {
        if (result instanceof ToolResult.Failure f) return "Error " + f.status() + ": " + f.detail();
        return Json.write(result.body());
    }

    static ToolSpecification specification(ToolDefinition d) {
        return ToolSpecification.builder().name(d.name()).description(d.description())
                .parameters((JsonObjectSchema) element(d.inputSchema())).build();
    }

    /** The subset of JSON Schema the tool definitions use (dev.purser.tools.Schema). */
    static JsonSchemaElement element(JsonNode s) {
        String description = s.path("description").isTextual() ? s.get("description").asText() : null;
        if (s.has("enum")) {
            List<String> values = new ArrayList<>();
            s.get("enum").forEach(v -> values.add(v.asText()));
            return JsonEnumSchema.builder().enumValues(values).description(description).build();
        }
        switch (s.path("type").asText()) {
            case "object": {
                JsonObjectSchema.Builder b = JsonObjectSchema.builder().description(description);
                s.path("properties").fields().forEachRemaining(p -> b.addProperty(p.getKey(), element(p.getValue())));
                List<String> required = new ArrayList<>();
                s.path("required").forEach(r -> required.add(r.asText()));
                if (!required.isEmpty()) b.required(required);
                return b.build();
            }
            case "array":
                return JsonArraySchema.builder().items(element(s.path("items"))).description(description).build();
            case "number":
                return JsonNumberSchema.builder().description(description).build();
            case "integer":
                return JsonIntegerSchema.builder().description(description).build();
            case "boolean":
                return JsonBooleanSchema.builder().description(description).build();
            default:
                return JsonStringSchema.builder().description(description).build();
        }
    }
}
