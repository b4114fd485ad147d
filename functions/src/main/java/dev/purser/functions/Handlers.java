package dev.purser.functions;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.purser.config.Purser;
import dev.purser.functions.agent.CheckRequestHandler;
import dev.purser.functions.agent.ConfirmRequestHandler;
import dev.purser.functions.agent.CreateRequestHandler;
import dev.purser.functions.agent.ExpirySweepHandler;
import dev.purser.functions.agent.RequestReadsHandler;
import dev.purser.functions.agent.ServicesHandler;
import dev.purser.functions.agent.X402Handler;
import dev.purser.functions.agent.X402TokenScanHandler;
import dev.purser.functions.agent.X402TokensHandler;
import dev.purser.functions.discovery.DiscoveryHandler;
import dev.purser.functions.disputes.DisputesHandler;
import dev.purser.functions.events.OutboxRelayHandler;
import dev.purser.functions.events.WebhookDispatchHandler;
import dev.purser.functions.ledger.PaymentsHandler;
import dev.purser.functions.ledger.PayoutsHandler;
import dev.purser.functions.ledger.SettlementHandler;
import dev.purser.functions.ledger.WalletsHandler;
import dev.purser.functions.mandates.MandatesHandler;
import dev.purser.functions.operator.OperatorHandler;
import dev.purser.functions.owner.WebhooksHandler;
import dev.purser.functions.owner.AccountHandler;
import dev.purser.functions.owner.AgentsHandler;
import dev.purser.functions.owner.BootstrapHandler;
import dev.purser.functions.owner.RequestReviewHandler;
import dev.purser.functions.spendguard.SpendGuardHandler;
import dev.purser.functions.tools.AiToolsHandler;
import dev.purser.http.LambdaFunction;
import java.util.EnumMap;
import java.util.Map;

/**
 * One instance of every handler, wired to one {@link Purser}: what the local runtime and the tests
 * invoke in-process. Explicit constructors, no reflection; a test checks that every
 * {@link LambdaFunction} is here and that its handler class is the one the stack deploys.
 */
public final class Handlers {
    private final Map<LambdaFunction, RequestHandler<?, ?>> handlers = new EnumMap<>(LambdaFunction.class);

    public Handlers(Purser purser) {
        handlers.put(LambdaFunction.CREATE_REQUEST, new CreateRequestHandler(purser));
        handlers.put(LambdaFunction.CHECK_REQUEST, new CheckRequestHandler(purser));
        handlers.put(LambdaFunction.REQUEST_READS, new RequestReadsHandler(purser));
        handlers.put(LambdaFunction.CONFIRM_REQUEST, new ConfirmRequestHandler(purser));
        handlers.put(LambdaFunction.X402, new X402Handler(purser));
        handlers.put(LambdaFunction.SERVICES, new ServicesHandler(purser));
        handlers.put(LambdaFunction.X402_TOKENS, new X402TokensHandler(purser));
        handlers.put(LambdaFunction.X402_TOKEN_SCAN, new X402TokenScanHandler(purser));
        handlers.put(LambdaFunction.EXPIRY_SWEEP, new ExpirySweepHandler(purser));
        handlers.put(LambdaFunction.OWNER_WEBHOOKS, new WebhooksHandler(purser));
        handlers.put(LambdaFunction.OUTBOX_RELAY, new OutboxRelayHandler(purser));
        handlers.put(LambdaFunction.WEBHOOK_DISPATCH, new WebhookDispatchHandler(purser));
        handlers.put(LambdaFunction.OWNER_ACCOUNT, new AccountHandler(purser));
        handlers.put(LambdaFunction.OWNER_AGENTS, new AgentsHandler(purser));
        handlers.put(LambdaFunction.REQUEST_REVIEW, new RequestReviewHandler(purser));
        handlers.put(LambdaFunction.BOOTSTRAP, new BootstrapHandler(purser));
        handlers.put(LambdaFunction.WALLETS, new WalletsHandler(purser));
        handlers.put(LambdaFunction.PAYMENTS, new PaymentsHandler(purser));
        handlers.put(LambdaFunction.PAYOUTS, new PayoutsHandler(purser));
        handlers.put(LambdaFunction.SETTLEMENT, new SettlementHandler(purser));
        handlers.put(LambdaFunction.SPEND_GUARD, new SpendGuardHandler(purser));
        handlers.put(LambdaFunction.MANDATES, new MandatesHandler(purser));
        handlers.put(LambdaFunction.OPERATOR, new OperatorHandler(purser));
        handlers.put(LambdaFunction.DISPUTES, new DisputesHandler(purser));
        handlers.put(LambdaFunction.DISCOVERY, new DiscoveryHandler(purser));
        handlers.put(LambdaFunction.AI_TOOLS, new AiToolsHandler(purser));
        handlers.put(LambdaFunction.FALLBACK, new FallbackHandler());
    }

    /**
     * Adds the handler of a function whose code is not in this module's jar (its
     * {@link LambdaFunction#artifact()} is another module's, e.g. the MCP server): the local runtime
     * wires it here so its route runs behind the same front.
     */
    public Handlers with(LambdaFunction function, RequestHandler<?, ?> handler) {
        if (function.artifact() == LambdaFunction.Artifact.FUNCTIONS) {
            throw new IllegalArgumentException(function + " is built here; it is registered by the constructor");
        }
        handlers.put(function, handler);
        return this;
    }

    public Map<LambdaFunction, RequestHandler<?, ?>> all() {
        return Map.copyOf(handlers);
    }

    @SuppressWarnings("unchecked")
    public <I, O> RequestHandler<I, O> get(LambdaFunction function) {
        RequestHandler<?, ?> h = handlers.get(function);
        if (h == null) throw new IllegalStateException("no handler for " + function);
        return (RequestHandler<I, O>) h;
    }
}
