package dev.purser.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One JSON mapper for the process. Purser works on the tree model only (no bean binding), which
 * keeps cold starts cheap and the wire format under our control: decimals stay {@code BigDecimal}
 * with the scale they were sent with.
 */
public final class Json {
    /** Deepest nesting of arrays/objects accepted from a client (docs/limits.md). */
    public static final int MAX_DEPTH = 32;
    /** Longest array accepted from a client (docs/limits.md). */
    public static final int MAX_ARRAY = 1000;

    public static final ObjectMapper MAPPER = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /**
     * Parses client JSON text; throws {@link JsonProcessingException} on malformed input, and on
     * input nested deeper than {@link #MAX_DEPTH} or with an array longer than {@link #MAX_ARRAY}
     * (the edge's shared bounds: every caller already answers a parse failure with a 422).
     */
    public static JsonNode parse(String text) throws JsonProcessingException {
        JsonNode node = MAPPER.readTree(text);
        if (node != null && longestArray(node) > MAX_ARRAY) {
            throw new com.fasterxml.jackson.core.JsonParseException(null,
                    "array longer than " + MAX_ARRAY + " elements");
        }
        return node;
    }

    private static int longestArray(JsonNode node) {
        int max = node.isArray() ? node.size() : 0;
        if (node.isContainerNode()) {
            for (JsonNode child : node) max = Math.max(max, longestArray(child));
        }
        return max;
    }

    /** Parses JSON text that Purser itself wrote (stored items); malformed text is a bug. */
    public static JsonNode parseTrusted(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is malformed", e);
        }
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
