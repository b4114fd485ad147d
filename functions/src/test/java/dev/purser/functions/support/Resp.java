package dev.purser.functions.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.json.Json;
import java.util.Map;

/** A response as a test reads it. */
public record Resp(int status, Map<String, String> headers, String body) {
    public JsonNode json() {
        try {
            return Json.parse(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + status + "): " + body, e);
        }
    }

    public String detail() {
        return json().path("detail").asText();
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
