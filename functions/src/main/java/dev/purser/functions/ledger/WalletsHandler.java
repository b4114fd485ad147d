package dev.purser.functions.ledger;

import dev.purser.config.Purser;
import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.functions.HttpApiHandler;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.ledger.LedgerConfig;
import dev.purser.payments.api.PaymentsWiring;
import dev.purser.wallets.WalletService;
import dev.purser.wallets.api.WalletsApi;

/** Wallets: /v1/wallets… */
public final class WalletsHandler extends HttpApiHandler {
    private final WalletsApi api;

    public WalletsHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public WalletsHandler(Purser purser) {
        super(purser);
        this.api = new WalletsApi(new WalletService(purser.dynamo(), purser.table(), LedgerConfig.from(purser.env()::get), purser::now),
                PaymentsWiring.callers(purser));
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
