package dev.purser.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque page cursors: base64url of DynamoDB's LastEvaluatedKey as JSON (all key attributes are
 * strings). Decoding checks that the cursor belongs to the list being read (its partition
 * attribute has the caller's value), so a cursor from another account, wallet or list is refused,
 * never a leak or a DynamoDB error. The owner API and the money lists each map a refusal to their
 * own 422.
 */
public final class KeyCursor {
    private static final int MAX_LENGTH = 2048;

    private KeyCursor() {}

    public static String encode(Map<String, AttributeValue> lastKey) {
        if (lastKey == null || lastKey.isEmpty()) return null;
        ObjectNode o = Json.object();
        lastKey.forEach((k, v) -> o.put(k, v.s()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(o).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param partitionAttr the partition attribute the cursor must carry
     * @param partition     its required value
     * @param keySizes      how many key attributes a key of this list may have (2 for a table key,
     *                      4 for an index key)
     * @return the start key, or null when {@code cursor} is null
     * @throws IllegalArgumentException when it is not a cursor of this list
     */
    public static Map<String, AttributeValue> decode(String cursor, String partitionAttr, String partition, int... keySizes) {
        if (cursor == null) return null;
        if (cursor.length() > MAX_LENGTH) throw new IllegalArgumentException("too long");
        JsonNode n;
        try {
            n = Json.parse(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (Exception e) { // bad base64, bad JSON
            throw new IllegalArgumentException("not a cursor", e);
        }
        if (n == null || !n.isObject() || !partition.equals(n.path(partitionAttr).asText(null))) {
            throw new IllegalArgumentException("not this list's cursor");
        }
        Map<String, AttributeValue> key = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual()) throw new IllegalArgumentException("not a key");
            key.put(e.getKey(), AttributeValue.fromS(e.getValue().textValue()));
        }
        for (int size : keySizes) if (key.size() == size) return key;
        throw new IllegalArgumentException("not a key");
    }
}
