package dev.purser.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.purser.openapi.OpenApiDocument;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates JSON against the schemas of the assembled OpenAPI document with a real JSON Schema
 * validator (networknt, draft 2020-12, OpenAPI 3.1's dialect). Each schema is made standalone:
 * the document's {@code #/components/schemas/X} become {@code #/$defs/X}. Used by the document's
 * own example test (shared) and by the tests that hold real handler answers against it (functions).
 */
public final class OpenApiSchemas {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private final ObjectNode document;
    private final ObjectNode defs;

    public OpenApiSchemas(ObjectNode document) {
        this.document = document;
        this.defs = (ObjectNode) rewriteRefs(document.path("components").path("schemas").deepCopy());
    }

    public static OpenApiSchemas ofServedDocument() {
        return new OpenApiSchemas(OpenApiDocument.get().json());
    }

    public ObjectNode document() {
        return document;
    }

    /** Errors of {@code instance} against {@code schema} (a schema node of the document); empty when valid. */
    public List<String> errors(JsonNode schema, JsonNode instance) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("$defs", defs);
        root.withArray("allOf").add(rewriteRefs(schema.deepCopy()));
        Schema compiled = REGISTRY.getSchema(root.toString(), InputFormat.JSON);
        List<String> out = new ArrayList<>();
        compiled.validate(instance.toString(), InputFormat.JSON).forEach(e -> out.add(e.toString()));
        return out;
    }

    /**
     * The JSON schema of the answer {@code status} to {@code method path} (path as in the
     * document, e.g. {@code /v1/wallets/{wallet_id}}).
     * @throws AssertionError when the document has no such operation, status or JSON schema
     */
    public JsonNode responseSchema(String method, String path, int status) {
        JsonNode op = document.path("paths").path(path).path(method.toLowerCase());
        if (op.isMissingNode()) throw new AssertionError("not documented: " + method + " " + path);
        JsonNode response = op.path("responses").path(String.valueOf(status));
        if (response.isMissingNode()) throw new AssertionError(method + " " + path + " documents no " + status);
        if (response.has("$ref")) response = at(response.get("$ref").asText());
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) throw new AssertionError(method + " " + path + " " + status + " has no JSON schema");
        return schema;
    }

    /** Errors of a real answer against the documented one; empty when it conforms. */
    public List<String> checkResponse(String method, String path, int status, JsonNode body) {
        return errors(responseSchema(method, path, status), body);
    }

    public JsonNode at(String localRef) {
        if (!localRef.startsWith("#/")) throw new AssertionError("not a local $ref: " + localRef);
        return document.at(localRef.substring(1));
    }

    private static JsonNode rewriteRefs(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            JsonNode ref = o.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#/components/schemas/")) {
                o.put("$ref", "#/$defs/" + ref.asText().substring("#/components/schemas/".length()));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) rewriteRefs(it.next().getValue());
        } else if (node.isArray()) {
            for (JsonNode child : node) rewriteRefs(child);
        }
        return node;
    }
}
