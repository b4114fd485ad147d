package dev.purser.functions.agent;

import dev.purser.config.Purser;
import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.functions.HttpApiHandler;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.services.ServicesApi;
import dev.purser.services.ServicesWiring;
import dev.purser.x402tokens.X402Tokens;

/** The service marketplace's registry (POST/GET /v1/services, GET /v1/services/{id}) and GET /v1/x402/keys. */
public final class ServicesHandler extends HttpApiHandler {
    private final ServicesApi api;

    /** Lambda's constructor: clients are built once per container, here, not per invocation. */
    public ServicesHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public ServicesHandler(Purser purser) {
        super(purser);
        this.api = ServicesWiring.api(purser, X402Tokens.publishedKeys(purser));
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
