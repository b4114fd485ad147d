package dev.purser.functions.discovery;

import dev.purser.config.Purser;
import dev.purser.functions.HttpApiHandler;
import dev.purser.functions.priming.Priming;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.openapi.OpenApiEndpoint;

/** {@code GET /openapi.json}, {@code GET /openapi/spec.json}: Purser's OpenAPI 3.1 document. */
public final class DiscoveryHandler extends HttpApiHandler {
    private final OpenApiEndpoint api;

    public DiscoveryHandler() {
        this(Purser.fromEnvironment());
        // The function has no table access (least privilege for an unauthenticated route:
        // infra AccessTable), so its snapshot primes everything but the DynamoDB calls, as the
        // fallback's does.
        Priming.register(null);
    }

    public DiscoveryHandler(Purser purser) {
        super(purser);
        // Assembled here, at init: in the SnapStart snapshot, and a broken fragment fails the
        // first test that starts the function rather than the first caller.
        this.api = new OpenApiEndpoint();
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
