package dev.purser.agentapi;

import dev.purser.http.ApiError;
import dev.purser.http.HttpResponse;
import dev.purser.idempotency.StoredResponse;
import java.util.Map;

/** The Agent API's answers that more than one endpoint gives, worded once. */
final class AgentErrors {
    private AgentErrors() {}

    static ApiError idempotencyKeyReused() {
        return ApiError.detail(422, "Idempotency-Key was already used with a different request body");
    }

    /** A remembered answer, marked as a replay. */
    static HttpResponse replayed(StoredResponse response) {
        return new HttpResponse(response.statusCode(),
                Map.of("content-type", "application/json", "idempotent-replayed", "true"), response.body());
    }
}
