package dev.purser.tools;

import dev.purser.http.HttpResponse;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a tool call goes: {@link InProcessBackend} calls the same shared endpoint code the Lambdas
 * call (the MCP Lambda, the local runtime), {@link HttpBackend} calls a deployed stack over HTTPS
 * (the stdio server beside a stack). Either way the agent's token authenticates the call, so a tool
 * can do exactly what the token's agent may do through the API, no more.
 */
public interface Backend {
    /**
     * @param token the agent's bearer token ({@code agt_…}), or null (the API answers 401)
     * @return the API's answer; transport failures are an answer too (a 502-like status with a detail)
     */
    HttpResponse send(ApiCall call, String token);

    /**
     * The owner's signed one-click approval page for a pending request ({@code /v1/actions/…}), when
     * this backend holds the link-signing key and knows the public base URL; empty otherwise. Only
     * for a channel that shows it to the human, never to the model (MCP's URL-mode elicitation).
     */
    default Optional<String> approvalPage(String requestId, Instant expiresAt) {
        return Optional.empty();
    }
}
