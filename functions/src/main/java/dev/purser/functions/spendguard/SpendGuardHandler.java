package dev.purser.functions.spendguard;

import dev.purser.config.Purser;
import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.functions.HttpApiHandler;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.spendguard.SpendGuardApi;

/** SpendGuard: {@code /v1/spend-guard/…} (estimate, authorize, reservations, usage, price table). */
public final class SpendGuardHandler extends HttpApiHandler {
    private final SpendGuardApi api;

    public SpendGuardHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public SpendGuardHandler(Purser purser) {
        super(purser);
        this.api = new SpendGuardApi(purser);
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
