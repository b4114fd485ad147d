package dev.purser.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;

/**
 * Collects validation errors in the shape LetAgentPay's clients receive (Pydantic v2 / FastAPI):
 * {@code {"detail": [{"type", "loc", "msg", "input", "ctx"?}, ...]}} with HTTP 422.
 */
public final class ValidationErrors {
    private final ArrayNode errors = Json.array();

    public ValidationErrors add(String type, String msg, JsonNode input, ObjectNode ctx, Object... loc) {
        ObjectNode e = errors.addObject();
        e.put("type", type);
        ArrayNode l = e.putArray("loc");
        for (Object part : loc) {
            if (part instanceof Integer i) l.add(i);
            else l.add(String.valueOf(part));
        }
        e.put("msg", msg);
        e.set("input", input == null ? Json.MAPPER.nullNode() : input);
        if (ctx != null) e.set("ctx", ctx);
        return this;
    }

    public ValidationErrors missing(JsonNode wholeInput, Object... loc) {
        return add("missing", "Field required", wholeInput, null, loc);
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) throw toError();
    }

    public ApiError toError() {
        ObjectNode body = Json.object();
        body.set("detail", errors);
        return new ApiError(422, body);
    }

    /** Malformed JSON: FastAPI answers 422 with {@code json_invalid} before any dependency runs. */
    public static ApiError jsonInvalid(String error, int position) {
        ObjectNode ctx = Json.object().put("error", error);
        return new ValidationErrors().add("json_invalid", "JSON decode error", Json.object(), ctx, "body", position).toError();
    }
}
