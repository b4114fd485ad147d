package dev.purser.functions.owner;

import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.config.Purser;
import dev.purser.functions.HttpApiHandler;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.owner.AccountApi;

/** Account settings, kill switch, categories, budget rules and owner keys: /v1/account… */
public final class AccountHandler extends HttpApiHandler {
    private final AccountApi api;

    public AccountHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public AccountHandler(Purser purser) {
        super(purser);
        this.api = new AccountApi(purser);
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
