package dev.purser.tools;

import dev.purser.agentapi.ConfirmApi;
import dev.purser.agentapi.CreateRequestApi;
import dev.purser.agentapi.RequestReadsApi;
import dev.purser.config.Env;
import dev.purser.config.Purser;
import dev.purser.disputes.DisputesWiring;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.json.Json;
import dev.purser.ledger.LedgerConfig;
import dev.purser.owner.ActionLinks;
import dev.purser.payments.api.PaymentsWiring;
import dev.purser.services.ServicesWiring;
import dev.purser.spendguard.SpendGuardApi;
import dev.purser.wallets.Callers;
import dev.purser.wallets.WalletService;
import dev.purser.wallets.api.WalletsApi;
import dev.purser.x402.X402Api;
import dev.purser.x402.X402Services;
import dev.purser.x402tokens.X402Tokens;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Tool calls served in this JVM by the same shared endpoint code the API's Lambdas run (each
 * {@code *Api} parses, authenticates with the agent's token and calls its service), behind the
 * same edge ({@link Endpoints#handle}: bounds, error rendering). No HTTP to itself, and no second
 * copy of validation or authorization to drift from the API's.
 */
public final class InProcessBackend implements Backend {
    private final Map<LambdaFunction, Function<HttpRequest, HttpResponse>> endpoints = new EnumMap<>(LambdaFunction.class);
    private final Purser purser;
    private volatile ActionLinks links;

    public InProcessBackend(Purser purser) {
        this.purser = purser;
        CreateRequestApi create = new CreateRequestApi(purser);
        endpoints.put(LambdaFunction.CREATE_REQUEST, create::create);
        endpoints.put(LambdaFunction.CHECK_REQUEST, create::check);
        endpoints.put(LambdaFunction.REQUEST_READS, new RequestReadsApi(purser)::handle);
        endpoints.put(LambdaFunction.CONFIRM_REQUEST, new ConfirmApi(purser)::handle);
        endpoints.put(LambdaFunction.X402, new X402Api(X402Services.of(purser))::handle);
        endpoints.put(LambdaFunction.SERVICES, ServicesWiring.api(purser, X402Tokens.publishedKeys(purser))::handle);
        LedgerConfig ledger = LedgerConfig.from(purser.env()::get);
        Callers callers = PaymentsWiring.callers(purser);
        endpoints.put(LambdaFunction.WALLETS,
                new WalletsApi(new WalletService(purser.dynamo(), purser.table(), ledger, purser::now), callers)::handle);
        endpoints.put(LambdaFunction.PAYMENTS, PaymentsWiring.api(purser)::handle);
        endpoints.put(LambdaFunction.SPEND_GUARD, new SpendGuardApi(purser)::handle);
        endpoints.put(LambdaFunction.X402_TOKENS, X402Tokens.api(purser)::handle);
        endpoints.put(LambdaFunction.DISPUTES, DisputesWiring.disputesApi(purser)::handle);
        for (Tool t : AgentTools.all()) {
            if (!endpoints.containsKey(t.route().function())) {
                throw new IllegalStateException("tool " + t.name() + " needs " + t.route().function() + ", not wired here");
            }
        }
    }

    @Override
    public Optional<String> approvalPage(String requestId, Instant expiresAt) {
        String base = purser.env().get(Env.PUBLIC_BASE_URL, "");
        if (!base.startsWith("http://") && !base.startsWith("https://")) return Optional.empty();
        ActionLinks l = links;
        if (l == null) links = l = ActionLinks.of(purser); // may read the key item: only once, only when asked
        return Optional.of(l.forRequest(requestId, expiresAt).approveUrl());
    }

    @Override
    public HttpResponse send(ApiCall call, String token) {
        Map<String, String> headers = new HashMap<>(call.headers());
        headers.put("content-type", "application/json");
        if (token != null) headers.put("authorization", "Bearer " + token);
        HttpRequest request = new HttpRequest(call.route(), call.route().method(), call.rawPath(), call.pathParameters(),
                call.query(), headers, call.body() == null ? null : Json.write(call.body()), "127.0.0.1");
        return Endpoints.handle(request, endpoints.get(call.route().function()));
    }
}
