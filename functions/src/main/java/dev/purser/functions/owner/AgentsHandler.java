package dev.purser.functions.owner;

import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.config.Purser;
import dev.purser.functions.HttpApiHandler;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.owner.AgentsApi;

/** Agents, their tokens, policies and spending: /v1/agents… */
public final class AgentsHandler extends HttpApiHandler {
    private final AgentsApi api;

    public AgentsHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public AgentsHandler(Purser purser) {
        super(purser);
        this.api = new AgentsApi(purser);
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
