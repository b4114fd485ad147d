package dev.purser.tools;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool's outcome as the model sees it. A decline by policy is an {@link Answer} (the API said
 * {@code rejected} or {@code authorized: false}: a business outcome with its reason); a refusal of
 * the call itself (bad arguments, unknown id, insufficient funds, rate limit) is a {@link Failure}
 * with the API's {@code detail}. Neither is a protocol error.
 */
public sealed interface ToolResult {
    int status();

    JsonNode body();

    /** The API's 2xx answer. */
    record Answer(int status, JsonNode body) implements ToolResult {}

    /** The API refused the call: {@code detail} says why, in words a model can act on. */
    record Failure(int status, String detail, JsonNode body) implements ToolResult {}
}
