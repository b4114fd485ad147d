package dev.purser.functions.mandates;

import dev.purser.config.Purser;
import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.functions.HttpApiHandler;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.mandates.api.MandatesApi;

/** Mandates and execution tokens: {@code /v1/mandates…}. */
public final class MandatesHandler extends HttpApiHandler {
    private final MandatesApi api;

    public MandatesHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public MandatesHandler(Purser purser) {
        super(purser);
        this.api = new MandatesApi(purser);
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
