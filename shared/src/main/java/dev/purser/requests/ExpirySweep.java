package dev.purser.requests;

import java.time.Instant;
import java.util.List;

/**
 * The scheduled expiry sweep: reads due requests from the sparse expiry index (so its cost grows
 * with the number due, not with the table) and expires each through the lifecycle, whose
 * conditional update releases every hold exactly once even when an approve or another sweep
 * races it.
 */
public final class ExpirySweep {
    static final int PAGE = 100;

    private final RequestQueries queries;
    private final RequestLifecycle lifecycle;

    public ExpirySweep(RequestQueries queries, RequestLifecycle lifecycle) {
        this.queries = queries;
        this.lifecycle = lifecycle;
    }

    /** What one sweep did. */
    public record Result(int examined, int expired) {}

    /**
     * Expires everything due at {@code now}, up to {@code maxRequests} (the next run continues).
     */
    public Result sweep(Instant now, int maxRequests) {
        int examined = 0;
        int expired = 0;
        while (examined < maxRequests) {
            // Each page is re-queried from the start: expired requests leave the index as they go.
            List<PurchaseRequest> due = queries.due(now, Math.min(PAGE, maxRequests - examined), null);
            if (due.isEmpty()) break;
            int before = expired;
            for (PurchaseRequest r : due) {
                examined++;
                if (lifecycle.expire(r, now) instanceof Transition.Done) expired++;
            }
            if (expired == before) break; // everything left is being resolved by someone else
        }
        return new Result(examined, expired);
    }
}
