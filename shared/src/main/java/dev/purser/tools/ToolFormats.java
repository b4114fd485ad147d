package dev.purser.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tool definitions rendered for each framework's function-calling API, ready to pass as its
 * {@code tools} parameter ({@code GET /ai/tools?format=…}).
 */
public enum ToolFormats {
    /** Chat Completions / Responses {@code tools}: {@code [{"type":"function","function":{name,description,parameters}}]}. */
    OPENAI {
        @Override
        JsonNode render(List<ToolDefinition> tools) {
            ArrayNode out = Json.array();
            for (ToolDefinition t : tools) {
                ObjectNode f = out.addObject().put("type", "function").putObject("function");
                f.put("name", t.name()).put("description", t.description()).set("parameters", t.inputSchema());
            }
            return out;
        }
    },
    /** Messages API {@code tools}: {@code [{name, description, input_schema}]}. */
    ANTHROPIC {
        @Override
        JsonNode render(List<ToolDefinition> tools) {
            ArrayNode out = Json.array();
            for (ToolDefinition t : tools) {
                out.addObject().put("name", t.name()).put("description", t.description()).set("input_schema", t.inputSchema());
            }
            return out;
        }
    },
    /**
     * Gemini {@code tools}: {@code [{"functionDeclarations":[{name, description, parameters}]}]};
     * parameters in Gemini's OpenAPI subset (no {@code additionalProperties}, {@code exclusiveMinimum}
     * or {@code maxLength}) with Gemini's type names ({@code OBJECT}, {@code STRING}, …).
     */
    GEMINI {
        @Override
        JsonNode render(List<ToolDefinition> tools) {
            ArrayNode out = Json.array();
            ArrayNode decls = out.addObject().putArray("functionDeclarations");
            for (ToolDefinition t : tools) {
                decls.addObject().put("name", t.name()).put("description", t.description())
                        .set("parameters", geminiSchema(t.inputSchema()));
            }
            return out;
        }
    },
    /** LangChain structured tools: {@code [{name, description, args_schema}]} (args_schema is JSON Schema). */
    LANGCHAIN {
        @Override
        JsonNode render(List<ToolDefinition> tools) {
            ArrayNode out = Json.array();
            for (ToolDefinition t : tools) {
                ObjectNode schema = t.inputSchema().put("title", t.name());
                out.addObject().put("name", t.name()).put("description", t.description()).set("args_schema", schema);
            }
            return out;
        }
    },
    /** AutoGen's {@code ToolSchema}: {@code [{name, description, parameters}]}. */
    AUTOGEN {
        @Override
        JsonNode render(List<ToolDefinition> tools) {
            ArrayNode out = Json.array();
            for (ToolDefinition t : tools) {
                out.addObject().put("name", t.name()).put("description", t.description()).set("parameters", t.inputSchema());
            }
            return out;
        }
    };

    abstract JsonNode render(List<ToolDefinition> tools);

    /** The format's name as the query parameter spells it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public JsonNode render() {
        return render(AgentTools.definitions());
    }

    public static Optional<ToolFormats> byId(String id) {
        for (ToolFormats f : values()) {
            if (f.id().equals(id)) return Optional.of(f);
        }
        return Optional.empty();
    }

    private static final java.util.Set<String> GEMINI_KEYS = java.util.Set.of("type", "description", "properties",
            "required", "enum", "items", "minimum", "maximum", "format", "nullable");

    static ObjectNode geminiSchema(JsonNode schema) {
        ObjectNode out = Json.object();
        schema.fields().forEachRemaining(e -> {
            if (!GEMINI_KEYS.contains(e.getKey())) return;
            if (e.getKey().equals("properties")) {
                ObjectNode props = out.putObject("properties");
                e.getValue().fields().forEachRemaining(p -> props.set(p.getKey(), geminiSchema(p.getValue())));
            } else if (e.getKey().equals("items")) {
                out.set("items", geminiSchema(e.getValue()));
            } else if (e.getKey().equals("type") && e.getValue().isTextual()) {
                // Gemini's Type enum (google.genai types.Type): OBJECT, STRING, NUMBER, INTEGER, BOOLEAN, ARRAY.
                out.put("type", e.getValue().asText().toUpperCase(Locale.ROOT));
            } else {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return out;
    }
}
