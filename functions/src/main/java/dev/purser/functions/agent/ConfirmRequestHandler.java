package dev.purser.functions.agent;

import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.agentapi.ConfirmApi;
import dev.purser.config.Purser;
import dev.purser.functions.HttpApiHandler;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;

/** Confirms an approved purchase with its actual amount: POST /requests/{id}/confirm. */
public final class ConfirmRequestHandler extends HttpApiHandler {
    private final ConfirmApi api;

    /** Lambda's constructor: clients are built once per container, here, not per invocation. */
    public ConfirmRequestHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public ConfirmRequestHandler(Purser purser) {
        super(purser);
        this.api = new ConfirmApi(purser);
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
