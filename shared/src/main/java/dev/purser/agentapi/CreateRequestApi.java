package dev.purser.agentapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.config.Purser;
import dev.purser.http.ApiError;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.requests.DecisionResult;
import dev.purser.requests.RequestDecisions;

/**
 * {@code POST /api/v1/agent-api/requests} and its dry run {@code POST /requests/check}: parse,
 * authenticate, call {@link RequestDecisions}, render. The order of errors is the spec's (§1.3):
 * malformed JSON, auth, body validation, rate limit, idempotency, pending cap, currency, then the
 * policy.
 */
public final class CreateRequestApi {
    private final RequestDecisions decisions;

    public CreateRequestApi(Purser purser) {
        this.decisions = purser.decisions();
    }

    public HttpResponse create(HttpRequest request) {
        return Endpoints.handle(request, this::doCreate);
    }

    public HttpResponse check(HttpRequest request) {
        return Endpoints.handle(request, this::doCheck);
    }

    private HttpResponse doCreate(HttpRequest request) {
        JsonNode raw = Endpoints.jsonBody(request);
        String tokenHash = AgentAuth.tokenHash(request);
        String key = request.header("idempotency-key").orElse(null);
        return render(decisions.create(new RequestDecisions.Create(tokenHash, () -> CreateBody.parse(raw), raw, key)));
    }

    private HttpResponse doCheck(HttpRequest request) {
        JsonNode raw = Endpoints.jsonBody(request);
        String tokenHash = AgentAuth.tokenHash(request);
        return dryRun(tokenHash, raw);
    }

    /**
     * The dry run for the agent behind {@code tokenHash}, answered exactly as the Agent API's
     * check; the owner API's {@code POST /v1/agents/{id}/check} calls it too (the console's
     * "try it" panel), so both can never disagree.
     */
    public HttpResponse dryRun(String tokenHash, JsonNode raw) {
        return render(decisions.check(tokenHash, () -> CreateBody.parse(raw)));
    }

    private static HttpResponse render(DecisionResult result) {
        if (result instanceof DecisionResult.Created c) return HttpResponse.json(201, c.body());
        if (result instanceof DecisionResult.Checked c) return HttpResponse.json(200, c.body());
        if (result instanceof DecisionResult.Replayed r) return AgentErrors.replayed(r.response());
        if (result instanceof DecisionResult.Denied d) throw AgentAuth.denied(d.denial());
        if (result instanceof DecisionResult.RateLimited) throw tooManyRequests();
        if (result instanceof DecisionResult.KeyReused) throw AgentErrors.idempotencyKeyReused();
        if (result instanceof DecisionResult.TooManyPending) {
            throw ApiError.detail(429, "Too many pending requests. Wait for existing requests to be resolved.");
        }
        if (result instanceof DecisionResult.CurrencyMismatch m) throw ApiError.detail(400, "Currency mismatch: expected " + m.expected());
        if (result instanceof DecisionResult.Contended) {
            return Endpoints.unavailable("Too much contention on this agent's budget; please retry", "contended", 1);
        }
        throw new IllegalStateException("unrendered result " + result);
    }

    static ApiError tooManyRequests() {
        return ApiError.detail(429, "Too many requests. Please try again later.");
    }
}
