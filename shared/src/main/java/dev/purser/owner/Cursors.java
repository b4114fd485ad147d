package dev.purser.owner;

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
 * strings). Decoding checks that the cursor belongs to the list being read (its index partition
 * is the caller's), so a cursor from another account or another list is a 422, not a leak or a
 * DynamoDB error.
 */
public final class Cursors {
    private static final int MAX_LENGTH = 2048;

    private Cursors() {}

    public static String encode(Map<String, AttributeValue> lastKey) {
        if (lastKey == null || lastKey.isEmpty()) return null;
        ObjectNode o = Json.object();
        lastKey.forEach((k, v) -> o.put(k, v.s()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(o).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param partitionAttr the index partition attribute the cursor must carry
     * @param partition     its required value
     * @return the start key, or null when {@code cursor} is null
     */
    public static Map<String, AttributeValue> decode(String cursor, String partitionAttr, String partition) {
        if (cursor == null) return null;
        try {
            if (cursor.length() > MAX_LENGTH) throw new IllegalArgumentException("too long");
            JsonNode n = Json.parse(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            if (!n.isObject() || !partition.equals(n.path(partitionAttr).asText(null))) {
                throw new IllegalArgumentException("not this list's cursor");
            }
            Map<String, AttributeValue> key = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isTextual()) throw new IllegalArgumentException("not a key");
                key.put(e.getKey(), AttributeValue.fromS(e.getValue().textValue()));
            }
            if (key.size() != 4) throw new IllegalArgumentException("not a key");
            return key;
        } catch (Exception e) {
            throw OwnerErrors.invalid("cursor", "is not a valid cursor for this list");
        }
    }
}
