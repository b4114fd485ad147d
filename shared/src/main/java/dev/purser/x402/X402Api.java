package dev.purser.x402;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.agentapi.AgentAuth;
import dev.purser.http.ApiError;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;

/**
 * LetAgentPay's x402 router, {@code /api/v1/x402} (spec §4): parse, authenticate (the agent
 * bearer token, §1.1, before body validation), call {@link X402Service}, render. Declined
 * authorizations are HTTP 200 with {@code authorized: false}.
 */
public final class X402Api {
    private final X402Service service;
    private final RouteTable<Void> routes;

    public X402Api(X402Service service) {
        this.service = service;
        this.routes = RouteTable.<Void>of(LambdaFunction.X402)
                .on(Route.X402_AUTHORIZE, (c, r) -> authorize(r))
                .on(Route.X402_REPORT, (c, r) -> report(r))
                .on(Route.X402_BUDGET, (c, r) -> render(service.budget(AgentAuth.tokenHash(r))))
                .on(Route.X402_REGISTER_WALLET, (c, r) -> registerWallet(r))
                .on(Route.X402_CREATE_WALLET, (c, r) -> createWallet(r))
                .on(Route.X402_LIST_WALLETS, (c, r) -> render(service.listWallets(AgentAuth.tokenHash(r))))
                .build();
    }

    public HttpResponse handle(HttpRequest request) {
        return Endpoints.handle(request, r -> routes.serve(null, r));
    }

    private HttpResponse authorize(HttpRequest request) {
        JsonNode raw = Endpoints.jsonBody(request);
        String tokenHash = AgentAuth.tokenHash(request);
        return render(service.authorize(tokenHash, () -> X402Body.authorize(raw)));
    }

    private HttpResponse report(HttpRequest request) {
        JsonNode raw = Endpoints.jsonBody(request);
        String tokenHash = AgentAuth.tokenHash(request);
        return render(service.report(tokenHash, () -> X402Body.report(raw)));
    }

    private HttpResponse registerWallet(HttpRequest request) {
        JsonNode raw = Endpoints.jsonBody(request);
        String tokenHash = AgentAuth.tokenHash(request);
        return render(service.registerWallet(tokenHash, () -> X402Body.wallet(raw)));
    }

    private HttpResponse createWallet(HttpRequest request) {
        Endpoints.jsonBody(request); // malformed JSON is still a 422, as anywhere
        return render(service.createWallet(AgentAuth.tokenHash(request)));
    }

    private static HttpResponse render(X402Result result) {
        if (result instanceof X402Result.Answered a) return HttpResponse.json(a.status(), a.body());
        if (result instanceof X402Result.Denied d) throw AgentAuth.denied(d.denial());
        if (result instanceof X402Result.RateLimited) throw ApiError.detail(429, "Too many requests. Please try again later.");
        if (result instanceof X402Result.NotFound) throw ApiError.detail(404, "Authorization not found");
        if (result instanceof X402Result.AlreadyReported) throw ApiError.detail(409, "Transaction already reported");
        if (result instanceof X402Result.HashReused) {
            throw ApiError.detail(409, "Transaction hash already used for another authorization");
        }
        if (result instanceof X402Result.WalletExists w) throw ApiError.detail(409, "Wallet already registered for chain " + w.chain());
        if (result instanceof X402Result.NoWalletProvider) {
            throw ApiError.detail(503, "Custodial wallet creation is not available: no custodial wallet provider is "
                    + "configured in this Purser deployment. Register a wallet you control with POST /api/v1/x402/wallets.");
        }
        if (result instanceof X402Result.Contended) {
            return Endpoints.unavailable("Too much contention on this agent's budget; please retry", "contended", 1);
        }
        throw new IllegalStateException("unrendered result " + result);
    }
}
