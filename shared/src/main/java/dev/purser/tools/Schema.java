package dev.purser.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;

/**
 * A small JSON Schema builder for tool arguments. Deliberately a subset every framework accepts
 * (object, string, number, integer, boolean, enum, nested object, array): no {@code oneOf}, no type
 * lists, so the Gemini and OpenAI renderings need no rewriting beyond dropping
 * {@code additionalProperties}.
 */
public final class Schema {
    private final ObjectNode node = Json.object().put("type", "object");
    private final ObjectNode properties = node.putObject("properties");
    private final ArrayNode required = Json.array();

    public static Schema object() {
        return new Schema();
    }

    public Schema required(String name, ObjectNode property) {
        properties.set(name, property);
        required.add(name);
        return this;
    }

    public Schema optional(String name, ObjectNode property) {
        properties.set(name, property);
        return this;
    }

    public ObjectNode build() {
        ObjectNode out = node.deepCopy();
        if (!required.isEmpty()) out.set("required", required.deepCopy());
        out.put("additionalProperties", false);
        return out;
    }

    public static ObjectNode string(String description) {
        return Json.object().put("type", "string").put("description", description);
    }

    public static ObjectNode string(String description, int maxLength) {
        return string(description).put("maxLength", maxLength);
    }

    /** Money: an exact decimal in major units (at most 2 places); the API also takes a numeric string. */
    public static ObjectNode amount(String description) {
        return Json.object().put("type", "number").put("exclusiveMinimum", 0)
                .put("description", description + " Exact decimal in major units (e.g. 25.50), at most 2 decimal places.");
    }

    public static ObjectNode number(String description) {
        return Json.object().put("type", "number").put("description", description);
    }

    public static ObjectNode integer(String description, int minimum, int maximum) {
        return Json.object().put("type", "integer").put("minimum", minimum).put("maximum", maximum)
                .put("description", description);
    }

    public static ObjectNode bool(String description) {
        return Json.object().put("type", "boolean").put("description", description);
    }

    public static ObjectNode oneOf(String description, String... values) {
        ObjectNode n = Json.object().put("type", "string").put("description", description);
        ArrayNode e = n.putArray("enum");
        for (String v : values) e.add(v);
        return n;
    }

    public static ObjectNode nested(String description, Schema schema) {
        return schema.build().put("description", description);
    }

    private Schema() {}
}
