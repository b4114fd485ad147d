package dev.purser.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.json.Json;
import java.util.Map;

/** An HTTP response: status, headers and a body that is JSON unless a handler says otherwise. */
public record HttpResponse(int status, Map<String, String> headers, String body) {
    private static final Map<String, String> JSON = Map.of("content-type", "application/json");

    public HttpResponse {
        headers = Map.copyOf(headers);
    }

    public static HttpResponse json(int status, JsonNode body) {
        return new HttpResponse(status, JSON, Json.write(body));
    }

    /** The error shape of every hand-raised error: {@code {"detail": "<message>"}}. */
    public static HttpResponse detail(int status, String detail) {
        return json(status, Json.object().put("detail", detail));
    }

    public static HttpResponse html(int status, String html) {
        return new HttpResponse(status, Map.of("content-type", "text/html; charset=utf-8",
                "cache-control", "no-store", "x-frame-options", "DENY"), html);
    }
}
