package dev.purser.owner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.http.ApiError;
import dev.purser.json.Json;
import dev.purser.policy.FieldError;
import java.util.List;

/** The owner API's error answers: {@code {"detail", "code"}}, plus {@code field} for validation. */
public final class OwnerErrors {
    public static final String VALIDATION = "validation_error";

    private OwnerErrors() {}

    /** 422: one offending field. */
    public static ApiError invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /** 422 naming the first offending field; {@code errors} lists them all. */
    public static ApiError invalid(List<FieldError> errors) {
        FieldError first = errors.get(0);
        ObjectNode body = Json.object()
                .put("detail", first.field() + " " + first.message())
                .put("code", VALIDATION)
                .put("field", first.field());
        if (first.suggestion() != null) body.put("suggestion", first.suggestion());
        body.set("errors", fields(errors));
        return new ApiError(422, body);
    }

    /** {@code [{"field", "message", "suggestion"?}]}: a validation answer's {@code errors}, a policy's {@code warnings}. */
    public static ArrayNode fields(List<FieldError> errors) {
        ArrayNode all = Json.MAPPER.createArrayNode();
        for (FieldError e : errors) {
            ObjectNode one = all.addObject().put("field", e.field()).put("message", e.message());
            if (e.suggestion() != null) one.put("suggestion", e.suggestion());
        }
        return all;
    }

    /** A 400 tied to one field (the spec's two account-rule answers). */
    public static ApiError badRequest(String code, String field, String message) {
        return new ApiError(400, Json.object().put("detail", message).put("code", code).put("field", field));
    }

    public static ApiError notFound(String code, String message) {
        return ApiError.coded(404, code, message);
    }

    public static ApiError conflict(String code, String message) {
        return ApiError.coded(409, code, message);
    }
}
