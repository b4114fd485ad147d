package dev.purser.functions.agent;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.purser.config.Purser;
import dev.purser.functions.observe.Observability;
import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.ledger.LedgerConfig;
import dev.purser.x402tokens.TokenScan;
import dev.purser.x402tokens.X402Tokens;

/**
 * Runs every minute (EventBridge schedule; the local runtime's timer): the SLA scan and token
 * expiry. Reads only due tokens (sparse index partition {@code DUE#X402TOKEN}). The event's content
 * is never read, so it is a plain {@code Object} (no joda-time in the jar), like the other sweeps.
 */
public final class X402TokenScanHandler implements RequestHandler<Object, String> {
    /** Bounded per run so one invocation ends well inside its timeout; the next run continues. */
    static final int MAX_PER_RUN = 2_000;

    private final Purser purser;
    private final TokenScan scan;

    public X402TokenScanHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public X402TokenScanHandler(Purser purser) {
        this.purser = purser;
        this.scan = new TokenScan(purser.dynamo(), purser.table(), X402Tokens.of(purser, LedgerConfig.from(purser.env()::get)));
    }

    @Override
    public String handleRequest(Object event, Context context) {
        return Observability.slaScan(context, () -> scan.run(purser.now(), MAX_PER_RUN), r ->
                "{\"examined\":" + r.examined() + ",\"expired\":" + r.expired() + ",\"sla_breached\":" + r.breached() + "}");
    }
}
