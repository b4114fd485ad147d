package dev.purser.functions.agent;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.purser.config.Purser;
import dev.purser.spendguard.Reservations;
import dev.purser.requests.ExpirySweep;

/** Runs every minute (EventBridge schedule): expires pending requests whose hold has run out. */
public final class ExpirySweepHandler implements RequestHandler<ScheduledEvent, String> {
    /** Bounded per run so one invocation always ends well inside its timeout; the next continues. */
    static final int MAX_PER_RUN = 5_000;

    private final Purser purser;
    private final ExpirySweep sweep;
    private final Reservations reservations;

    public ExpirySweepHandler() {
        this(Purser.fromEnvironment());
    }

    public ExpirySweepHandler(Purser purser) {
        this.purser = purser;
        this.sweep = new ExpirySweep(purser.queries(), purser.lifecycle());
        this.reservations = new Reservations(purser.dynamo(), purser.table(), purser.reader(), purser.clock());
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        ExpirySweep.Result r = sweep.sweep(purser.now(), MAX_PER_RUN);
        int reservationsExpired = reservations.sweep(purser.now(), MAX_PER_RUN);
        return "{\"examined\":" + r.examined() + ",\"expired\":" + r.expired()
                + ",\"reservations_expired\":" + reservationsExpired + "}";
    }
}
