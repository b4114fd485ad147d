package dev.purser.functions.agent;

import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.agentapi.RequestReadsApi;
import dev.purser.config.Purser;
import dev.purser.functions.HttpApiHandler;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;

/** The Agent API's reads: list and get requests, budget, policy, categories. */
public final class RequestReadsHandler extends HttpApiHandler {
    private final RequestReadsApi api;

    /** Lambda's constructor: clients are built once per container, here, not per invocation. */
    public RequestReadsHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public RequestReadsHandler(Purser purser) {
        super(purser);
        this.api = new RequestReadsApi(purser);
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
