package dev.purser.functions.ledger;

import dev.purser.config.Purser;
import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.functions.HttpApiHandler;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.ledger.LedgerConfig;
import dev.purser.payments.api.PaymentsWiring;
import dev.purser.payouts.PayoutService;
import dev.purser.payouts.api.PayoutsApi;

/** Payouts: /v1/payouts… */
public final class PayoutsHandler extends HttpApiHandler {
    private final PayoutsApi api;

    public PayoutsHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public PayoutsHandler(Purser purser) {
        super(purser);
        this.api = new PayoutsApi(new PayoutService(purser.dynamo(), purser.table(), LedgerConfig.from(purser.env()::get), purser::now),
                PaymentsWiring.callers(purser));
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
