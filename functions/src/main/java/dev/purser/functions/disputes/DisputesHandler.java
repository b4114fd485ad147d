package dev.purser.functions.disputes;

import dev.purser.config.Purser;
import dev.purser.disputes.DisputesApi;
import dev.purser.disputes.DisputesWiring;
import dev.purser.functions.HttpApiHandler;
import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;

/** Disputes about payments, the parties' side: /v1/disputes… (the operator's side is the Operator function). */
public final class DisputesHandler extends HttpApiHandler {
    private final DisputesApi api;

    public DisputesHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public DisputesHandler(Purser purser) {
        super(purser);
        this.api = DisputesWiring.disputesApi(purser);
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
