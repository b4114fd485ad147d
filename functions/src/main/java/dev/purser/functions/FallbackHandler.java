package dev.purser.functions;

import dev.purser.functions.priming.Priming;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.Route;
import dev.purser.json.Json;

/**
 * The HTTP API's {@code $default} route and {@code GET /health}. HTTP APIs have no gateway
 * responses to customise, so unknown paths come here to get JSON {@code {"detail": ...}} 404s and
 * 405s like every other error (LetAgentPay's clients parse every error body as JSON).
 */
public final class FallbackHandler extends HttpApiHandler {
    /** No storage here: priming exercises everything but the DynamoDB calls. */
    public FallbackHandler() {
        Priming.register(null);
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        if (request.route() == Route.HEALTH) {
            return HttpResponse.json(200, Json.object().put("status", "ok"));
        }
        return Endpoints.handle(request, r -> Endpoints.fallback(r.method(), r.rawPath()));
    }
}
