package dev.purser.ledger.store;

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
 * Opaque cursors of the money lists: base64url of the store's last key. Decoding checks that the
 * cursor belongs to this list (its partition attribute has the caller's value), so another
 * wallet's or account's cursor is refused ({@link Invalid}, a 422 at the edge), never a leak.
 * Stores take and return cursors as strings, so no layer above them sees a DynamoDB key.
 */
public final class PageCursor {
    private PageCursor() {}

    /** Not a cursor of this list. */
    public static final class Invalid extends RuntimeException {
        public Invalid() {
            super("not a valid cursor for this list", null, false, false);
        }
    }

    public static String encode(Map<String, AttributeValue> lastKey) {
        if (lastKey == null || lastKey.isEmpty()) return null;
        ObjectNode o = Json.object();
        lastKey.forEach((k, v) -> o.put(k, v.s()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(o).getBytes(StandardCharsets.UTF_8));
    }

    public static Map<String, AttributeValue> decode(String cursor, String partitionAttr, String partition) {
        if (cursor == null) return null;
        try {
            if (cursor.length() > 2048) throw new IllegalArgumentException("too long");
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
            if (key.size() != 2 && key.size() != 4) throw new IllegalArgumentException("not a key");
            return key;
        } catch (Exception e) {
            throw new Invalid();
        }
    }
}
