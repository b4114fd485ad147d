package dev.purser.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;

/**
 * An error answer raised from deep inside a call: carries the status and the JSON body. Caught
 * once, in {@link Endpoints#handle}, and turned into a response, so no API path leaks a 500 for
 * a client mistake.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final transient JsonNode body;

    public ApiError(int status, JsonNode body) {
        super(status + " " + body, null, false, false);
        this.status = status;
        this.body = body;
    }

    /** {@code {"detail": message}} (Agent API style). */
    public static ApiError detail(int status, String message) {
        return new ApiError(status, Json.object().put("detail", message));
    }

    /** {@code {"detail": message, "code": code}} (Owner API style). */
    public static ApiError coded(int status, String code, String message) {
        ObjectNode body = Json.object().put("detail", message).put("code", code);
        return new ApiError(status, body);
    }

    public int status() { return status; }

    public JsonNode body() { return body; }

    public HttpResponse toResponse() {
        return HttpResponse.json(status, body);
    }
}
