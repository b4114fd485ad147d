package dev.purser.functions.owner;

import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.config.Purser;
import dev.purser.functions.HttpApiHandler;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.webhooks.WebhooksApi;

/** Webhook subscriptions of the owner API: {@code /v1/webhooks…}. */
public final class WebhooksHandler extends HttpApiHandler {
    private final WebhooksApi api;

    public WebhooksHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public WebhooksHandler(Purser purser) {
        super(purser);
        this.api = new WebhooksApi(purser);
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
