package dev.purser.functions.agent;

import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.purser.config.Purser;
import dev.purser.functions.observe.Observability;
import dev.purser.spendguard.BudgetLeases;
import dev.purser.spendguard.Reservations;
import dev.purser.requests.ExpirySweep;
import dev.purser.x402.UnreportedScan;
import dev.purser.x402.X402Services;

/**
 * Runs every minute (EventBridge schedule): expires pending requests whose hold has run out,
 * expires SpendGuard reservations and flags x402 authorizations left unreported too long (each
 * reads only what is due from the sparse {@code due} index, in its own partition). The event's
 * content is never read, so it is taken as a plain {@code Object}: typing it
 * {@code ScheduledEvent} would pull joda-time (0.3 MB) into the deployment jar for nothing.
 */
public final class ExpirySweepHandler implements RequestHandler<Object, String> {
    /** Bounded per run so one invocation always ends well inside its timeout; the next continues. */
    static final int MAX_PER_RUN = 5_000;

    private final Purser purser;
    private final ExpirySweep sweep;
    private final Reservations reservations;
    private final BudgetLeases leases;
    private final UnreportedScan unreported;

    public ExpirySweepHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public ExpirySweepHandler(Purser purser) {
        this.purser = purser;
        this.sweep = new ExpirySweep(purser.queries(), purser.lifecycle());
        this.reservations = new Reservations(purser.dynamo(), purser.table(), purser.reader(), purser.clock());
        this.leases = new BudgetLeases(purser.dynamo(), purser.table(), purser.reader(), purser.clock());
        this.unreported = X402Services.scan(purser);
    }

    @Override
    public String handleRequest(Object event, Context context) {
        return Observability.sweep(context, () -> sweep.sweep(purser.now(), MAX_PER_RUN),
                r -> {
                    // Reservations and unreported x402 authorizations ride the same schedule.
                    int reservationsExpired = reservations.sweep(purser.now(), MAX_PER_RUN);
                    int leasesExpired = leases.sweep(purser.now(), MAX_PER_RUN);
                    UnreportedScan.Result u = unreported.scan(purser.now(), MAX_PER_RUN);
                    return "{\"examined\":" + r.examined() + ",\"expired\":" + r.expired()
                            + ",\"reservations_expired\":" + reservationsExpired
                            + ",\"leases_expired\":" + leasesExpired
                            + ",\"x402_examined\":" + u.examined() + ",\"x402_flagged\":" + u.flagged() + "}";
                });
    }
}
