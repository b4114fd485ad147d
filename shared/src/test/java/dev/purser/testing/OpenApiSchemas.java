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

    /**
     * Fields of {@code instance} its schema does not declare (JSON paths), wherever the schema
     * lists {@code properties} and does not declare the object open ({@code additionalProperties}
     * true or a schema): what a schema validator accepts silently in an open object, and a
     * generated client drops. Branches of {@code allOf}/{@code oneOf}/{@code anyOf} are united.
     */
    public List<String> undeclared(JsonNode schema, JsonNode instance) {
        List<String> out = new ArrayList<>();
        undeclared(List.of(schema), instance, "$", out);
        return out;
    }

    private void undeclared(List<JsonNode> schemas, JsonNode instance, String at, List<String> out) {
        List<JsonNode> branches = new ArrayList<>();
        schemas.forEach(s -> flatten(s, branches, 0));
        if (instance.isObject()) {
            boolean open = false;
            boolean listed = false;
            for (JsonNode b : branches) {
                JsonNode extra = b.get("additionalProperties");
                open |= extra != null && (extra.isObject() || extra.asBoolean(false));
                listed |= b.has("properties");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = instance.fields(); it.hasNext(); ) {
                var field = it.next();
                List<JsonNode> declared = new ArrayList<>();
                for (JsonNode b : branches) {
                    if (b.path("properties").has(field.getKey())) declared.add(b.path("properties").get(field.getKey()));
                }
                if (declared.isEmpty() && listed && !open) out.add(at + "." + field.getKey());
                else if (!declared.isEmpty()) undeclared(declared, field.getValue(), at + "." + field.getKey(), out);
            }
        } else if (instance.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            for (JsonNode b : branches) if (b.has("items")) items.add(b.get("items"));
            if (!items.isEmpty()) {
                int i = 0;
                for (JsonNode element : instance) undeclared(items, element, at + "[" + i++ + "]", out);
            }
        }
    }

    /** The schema and everything it is made of ($ref, allOf, oneOf, anyOf), as a flat list. */
    private void flatten(JsonNode schema, List<JsonNode> out, int depth) {
        if (depth > 20 || schema == null || !schema.isObject()) return;
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            flatten(ref.startsWith("#/$defs/") ? defs.get(ref.substring("#/$defs/".length())) : at(ref), out, depth + 1);
        }
        for (String k : List.of("allOf", "oneOf", "anyOf")) {
            for (JsonNode b : schema.path(k)) flatten(b, out, depth + 1);
        }
        out.add(schema);
    }

    /**
     * The payload schema of the webhook entry whose {@code type} enum lists {@code eventType}.
     * @throws AssertionError when no entry documents it
     */
    public JsonNode webhookSchema(String eventType) {
        for (JsonNode hook : document.path("webhooks")) {
            JsonNode schema = hook.at("/post/requestBody/content/application~1json/schema");
            for (JsonNode t : schema.at("/properties/type/enum")) {
                if (t.asText().equals(eventType)) return schema;
            }
        }
        throw new AssertionError("no webhook payload documents " + eventType);
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
