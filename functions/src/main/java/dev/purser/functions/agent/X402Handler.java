package dev.purser.functions.agent;

import dev.purser.config.Purser;
import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.functions.HttpApiHandler;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.x402.X402Api;
import dev.purser.x402.X402Services;

/** LetAgentPay's x402 router: /api/v1/x402/authorize, report, budget and wallets. */
public final class X402Handler extends HttpApiHandler {
    private final X402Api api;

    /** Lambda's constructor: clients are built once per container, here, not per invocation. */
    public X402Handler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public X402Handler(Purser purser) {
        super(purser);
        this.api = new X402Api(X402Services.of(purser));
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
