package dev.purser.agentapi;

import dev.purser.auth.Secrets;
import dev.purser.http.ApiError;
import dev.purser.http.HttpRequest;
import dev.purser.requests.AgentContext;
import dev.purser.requests.AgentDenial;

/** Agent API authentication, in the spec's order (§1.1): each failure is its own 401 or 403. */
public final class AgentAuth {
    private static final String PREFIX = "Bearer ";

    private AgentAuth() {}

    /** SHA-256 of the bearer token, or 401 {@code Missing bearer token}. */
    public static String tokenHash(HttpRequest request) {
        String header = request.header("authorization").orElse(null);
        // Exact, case-sensitive prefix; the token is the rest, not trimmed.
        if (header == null || !header.startsWith(PREFIX)) throw ApiError.detail(401, "Missing bearer token");
        return Secrets.sha256Hex(header.substring(PREFIX.length()));
    }

    /** Throws the first failing check's error; returns normally for an active agent. */
    public static void check(AgentContext ctx) {
        var denial = AgentDenial.of(ctx);
        if (denial.isPresent()) throw denied(denial.get());
    }

    /** The spec's answer to each denial. */
    public static ApiError denied(AgentDenial denial) {
        return switch (denial) {
            case INVALID_TOKEN -> ApiError.detail(401, "Invalid agent token");
            case ACCOUNT_BLOCKED -> ApiError.detail(403, "Account is blocked");
            case ALL_AGENTS_PAUSED -> ApiError.detail(403, "All agents are paused by account owner");
            case AGENT_ARCHIVED -> ApiError.detail(403, "Agent is archived");
            case AGENT_PAUSED -> ApiError.detail(403, "Agent is paused");
        };
    }
}
