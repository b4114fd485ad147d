package dev.purser.functions.agent;

import dev.purser.config.Purser;
import dev.purser.functions.HttpApiHandler;
import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.x402tokens.PaymentTokensApi;
import dev.purser.x402tokens.X402Tokens;

/**
 * x402 payment tokens: POST /v1/services/{id}/authorize, POST /v1/x402/verify, the call reports,
 * DELETE/GET /v1/x402/tokens/{id}, GET /v1/x402/requirements.
 */
public final class X402TokensHandler extends HttpApiHandler {
    private final PaymentTokensApi api;

    public X402TokensHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public X402TokensHandler(Purser purser) {
        super(purser);
        this.api = X402Tokens.api(purser);
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
