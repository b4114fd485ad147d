package dev.purser.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.http.HttpResponse;
import dev.purser.json.Json;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs a tool: arguments → the API call of its route → the answer as a {@link ToolResult}. The
 * same code serves every transport (MCP stdio, MCP over HTTP, the examples); only the
 * {@link Backend} differs. Never throws for anything a caller sent: an unknown tool or a missing
 * argument is a {@link ToolResult.Failure} like any 4xx.
 */
public final class ToolInvoker {
    private final Backend backend;

    public ToolInvoker(Backend backend) {
        this.backend = backend;
    }

    public ToolResult invoke(String toolName, JsonNode arguments, String token) {
        Tool tool = AgentTools.named(toolName).orElse(null);
        if (tool == null) return failure(404, "Unknown tool '" + toolName + "'", null);
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            return failure(422, "Tool arguments must be a JSON object", null);
        }
        ApiCall call;
        try {
            call = tool.call(arguments);
        } catch (IllegalArgumentException e) {
            return failure(422, e.getMessage(), null);
        }
        return result(backend.send(call, token));
    }

    /** The owner's approval page for a pending request, when the backend can sign one ({@link Backend#approvalPage}). */
    public Optional<String> approvalPage(String requestId, Instant expiresAt) {
        return backend.approvalPage(requestId, expiresAt);
    }

    /** A 2xx is an answer; anything else is a failure carrying the API's detail. */
    static ToolResult result(HttpResponse response) {
        JsonNode body = parse(response.body());
        if (response.status() >= 200 && response.status() < 300) return new ToolResult.Answer(response.status(), body);
        return failure(response.status(), detail(response.status(), body), body);
    }

    private static ToolResult.Failure failure(int status, String detail, JsonNode body) {
        return new ToolResult.Failure(status, detail, body == null ? Json.object().put("detail", detail) : body);
    }

    /**
     * The {@code detail} in words: a string as is; a validation list as "field: message; …" so a
     * model sees which argument to fix.
     */
    static String detail(int status, JsonNode body) {
        JsonNode d = body == null ? null : body.get("detail");
        if (d == null || d.isNull()) return "HTTP " + status;
        if (d.isTextual()) {
            JsonNode code = body.get("code");
            return code != null && code.isTextual() ? d.asText() + " (" + code.asText() + ")" : d.asText();
        }
        if (d.isArray()) {
            StringBuilder out = new StringBuilder();
            for (JsonNode e : d) {
                if (out.length() > 0) out.append("; ");
                JsonNode loc = e.get("loc");
                if (loc != null && loc.isArray() && !loc.isEmpty()) {
                    StringBuilder field = new StringBuilder();
                    for (JsonNode l : loc) {
                        if (l.asText().equals("body") || l.asText().equals("query") || l.asText().equals("path")) continue;
                        if (field.length() > 0) field.append('.');
                        field.append(l.asText());
                    }
                    if (field.length() > 0) out.append(field).append(": ");
                }
                out.append(e.path("msg").asText(e.toString()));
            }
            return out.toString();
        }
        return d.toString();
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) return Json.object();
        try {
            return Json.parse(body);
        } catch (JsonProcessingException e) {
            return Json.object().put("detail", body.length() > 500 ? body.substring(0, 500) : body);
        }
    }
}
