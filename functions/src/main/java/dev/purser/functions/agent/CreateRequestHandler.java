package dev.purser.functions.agent;

import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.agentapi.CreateRequestApi;
import dev.purser.config.Purser;
import dev.purser.functions.HttpApiHandler;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;

/** Decides a purchase request: POST /api/v1/agent-api/requests. */
public final class CreateRequestHandler extends HttpApiHandler {
    private final CreateRequestApi api;

    /** Lambda's constructor: clients are built once per container, here, not per invocation. */
    public CreateRequestHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public CreateRequestHandler(Purser purser) {
        super(purser);
        this.api = new CreateRequestApi(purser);
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.create(request);
    }
}
