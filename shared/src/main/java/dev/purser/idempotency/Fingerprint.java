package dev.purser.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.json.Json;

/**
 * What a key was first used for: the operation ({@code "POST /requests"}) and the JSON body. A
 * retry matches when both are the same; JSON is compared as a tree (key order and spacing do not
 * matter), because clients re-serialize bodies on retry. Stored as {@code "<operation> <json>"}.
 */
public record Fingerprint(String operation, JsonNode body) {
    public static Fingerprint of(String operation, JsonNode body) {
        return new Fingerprint(operation, body);
    }

    /** The stored form. */
    public String stored() {
        return operation + " " + (body == null ? "" : Json.write(body));
    }

    /** Whether a stored fingerprint describes this same call. */
    public boolean matches(String stored) {
        String prefix = operation + " ";
        if (stored == null || !stored.startsWith(prefix)) return false;
        String json = stored.substring(prefix.length());
        if (body == null) return json.isEmpty();
        return !json.isEmpty() && Json.parseTrusted(json).equals(body);
    }
}
