package dev.purser.functions.ledger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.purser.config.Purser;
import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.ledger.LedgerConfig;
import dev.purser.settlement.SettlementJob;

/**
 * Runs every minute (EventBridge schedule): moves payments and payouts one settlement step. The
 * event's content is never read, so it is a plain {@code Object} (as in the expiry sweep): typing it
 * {@code ScheduledEvent} would pull joda-time into the deployment jar.
 */
public final class SettlementHandler implements RequestHandler<Object, String> {
    /** Bounded per run so one invocation ends well inside its timeout; the next run continues. */
    static final int MAX_PER_RUN = 2_000;

    private final Purser purser;
    private final SettlementJob job;

    public SettlementHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public SettlementHandler(Purser purser) {
        this.purser = purser;
        this.job = new SettlementJob(purser.dynamo(), purser.table(), LedgerConfig.from(purser.env()::get));
    }

    @Override
    public String handleRequest(Object event, Context context) {
        SettlementJob.Result r = job.run(purser.now(), MAX_PER_RUN);
        return "{\"examined\":" + r.examined() + ",\"advanced\":" + r.advanced() + ",\"completed\":" + r.completed()
                + ",\"failed\":" + r.failed() + "}";
    }
}
