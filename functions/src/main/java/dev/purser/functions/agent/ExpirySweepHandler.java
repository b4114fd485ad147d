package dev.purser.functions.agent;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.purser.config.Purser;
import dev.purser.requests.ExpirySweep;
import dev.purser.x402.UnreportedScan;
import dev.purser.x402.X402Services;

/**
 * Runs every minute (EventBridge schedule): expires pending requests whose hold has run out, and
 * flags x402 authorizations left unreported too long (both read only what is due from the sparse
 * {@code due} index, each in its own partition).
 */
public final class ExpirySweepHandler implements RequestHandler<ScheduledEvent, String> {
    /** Bounded per run so one invocation always ends well inside its timeout; the next continues. */
    static final int MAX_PER_RUN = 5_000;

    private final Purser purser;
    private final ExpirySweep sweep;
    private final UnreportedScan unreported;

    public ExpirySweepHandler() {
        this(Purser.fromEnvironment());
    }

    public ExpirySweepHandler(Purser purser) {
        this.purser = purser;
        this.sweep = new ExpirySweep(purser.queries(), purser.lifecycle());
        this.unreported = X402Services.scan(purser);
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        ExpirySweep.Result r = sweep.sweep(purser.now(), MAX_PER_RUN);
        UnreportedScan.Result u = unreported.scan(purser.now(), MAX_PER_RUN);
        return "{\"examined\":" + r.examined() + ",\"expired\":" + r.expired()
                + ",\"x402_examined\":" + u.examined() + ",\"x402_flagged\":" + u.flagged() + "}";
    }
}
