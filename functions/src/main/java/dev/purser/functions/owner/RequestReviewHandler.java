package dev.purser.functions.owner;

import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.config.Purser;
import dev.purser.functions.HttpApiHandler;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.owner.RequestReviewApi;

/** Request review (list, get, approve, reject) and one-click approve/reject links: /v1/requests…, /v1/actions/{token} */
public final class RequestReviewHandler extends HttpApiHandler {
    private final RequestReviewApi api;

    public RequestReviewHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public RequestReviewHandler(Purser purser) {
        super(purser);
        this.api = new RequestReviewApi(purser);
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
