package dev.purser.functions.ledger;

import dev.purser.config.Purser;
import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.functions.HttpApiHandler;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.ledger.LedgerConfig;
import dev.purser.payments.PaymentQueries;
import dev.purser.payments.PaymentService;
import dev.purser.payments.api.PaymentsApi;
import dev.purser.wallets.Callers;

/** Payments: /v1/payments… */
public final class PaymentsHandler extends HttpApiHandler {
    private final PaymentsApi api;

    public PaymentsHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public PaymentsHandler(Purser purser) {
        super(purser);
        this.api = new PaymentsApi(new PaymentService(purser.dynamo(), purser.table(), LedgerConfig.from(purser.env()::get), purser::now),
                new PaymentQueries(purser.dynamo(), purser.table()), new Callers(purser.reader(), purser.dynamo(), purser.table(), purser.clock()));
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
