package dev.purser.functions.ledger;

import dev.purser.config.Purser;
import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.functions.HttpApiHandler;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.payments.api.PaymentsApi;
import dev.purser.payments.api.PaymentsWiring;

/** Payments: /v1/payments… */
public final class PaymentsHandler extends HttpApiHandler {
    private final PaymentsApi api;

    public PaymentsHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public PaymentsHandler(Purser purser) {
        super(purser);
        this.api = PaymentsWiring.api(purser);
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
