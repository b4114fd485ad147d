package dev.purser.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.openapi.OpenApiDocument;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JSON Schema of each tool's answer (MCP's {@code outputSchema}), read from the OpenAPI
 * document: the 2xx JSON response schema of the tool's route, with the components it references
 * copied into {@code $defs}. The document is already checked against real answers
 * ({@code OpenApiConformanceTest}), so the two cannot say different things.
 *
 * <p>Two deliberate differences from the document: objects are open (a closed schema there makes
 * the document's own tests catch a new field; here it would turn a tool's answer into an error for
 * an older client), and OpenAPI-only keywords ({@code example}, {@code discriminator}) are dropped.
 */
public final class ToolOutputSchemas {
    private static final String COMPONENTS = "#/components/schemas/";
    private static final String DEFS = "#/$defs/";
    private static final Set<String> OPENAPI_ONLY = Set.of("example", "discriminator", "xml", "externalDocs");

    private ToolOutputSchemas() {}

    /**
     * The schema of {@code tool}'s answer: an object schema (MCP requires {@code type: object}).
     *
     * @throws IllegalStateException when the document does not describe the route's JSON answer
     */
    public static ObjectNode of(Tool tool) {
        JsonNode doc = OpenApiDocument.get().json();
        JsonNode op = doc.path("paths").path(tool.route().path()).path(tool.route().method().toLowerCase(Locale.ROOT));
        ArrayNode answers = Json.array();
        for (Iterator<Map.Entry<String, JsonNode>> it = op.path("responses").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            JsonNode schema = r.getValue().path("content").path("application/json").path("schema");
            if (r.getKey().startsWith("2") && schema.isObject()) answers.add(open(schema.deepCopy()));
        }
        if (answers.isEmpty()) throw new IllegalStateException(tool.name() + ": " + tool.route() + " has no documented JSON answer");
        ObjectNode out = Json.object().put("type", "object");
        if (answers.size() == 1) out.set("allOf", answers);
        else out.set("anyOf", answers);
        ObjectNode defs = Json.object();
        Deque<String> todo = new ArrayDeque<>(refs(out));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (defs.has(name)) continue;
            JsonNode component = doc.path("components").path("schemas").get(name);
            if (component == null) throw new IllegalStateException(tool.name() + ": no component schema " + name);
            JsonNode def = open(component.deepCopy());
            defs.set(name, def);
            todo.addAll(refs(def));
        }
        if (!defs.isEmpty()) out.set("$defs", defs);
        return out;
    }

    /** Rewrites component references to {@code $defs}, opens closed objects, drops OpenAPI-only keywords. */
    private static JsonNode open(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.path("additionalProperties").isBoolean() && !o.get("additionalProperties").asBoolean()) {
                o.remove("additionalProperties");
            }
            o.remove(OPENAPI_ONLY);
            JsonNode ref = o.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(COMPONENTS)) {
                o.put("$ref", DEFS + ref.asText().substring(COMPONENTS.length()));
            }
            // Property names are data, not keywords: a property called "example" stays.
            o.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("properties")) open(e.getValue());
                else e.getValue().forEach(ToolOutputSchemas::open);
            });
        } else if (node instanceof ArrayNode a) {
            a.forEach(ToolOutputSchemas::open);
        }
        return node;
    }

    private static Set<String> refs(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        node.findValues("$ref").forEach(r -> {
            if (r.isTextual() && r.asText().startsWith(DEFS)) out.add(r.asText().substring(DEFS.length()));
        });
        return out;
    }
}
