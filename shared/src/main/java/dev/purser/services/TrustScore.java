package dev.purser.services;

/**
 * A service's trust score, 0–100, from its call counters (docs/disputes.md#trust-score). Pure and
 * integer-only, so every container computes the same figure from the same counters.
 *
 * <p>A Bayesian-smoothed success ratio: a prior of {@link #PRIOR_GOOD} good and
 * {@link #PRIOR_BAD} bad pseudo-calls (a new service scores exactly 50), plus
 * <ul>
 *   <li>good = settled − refunded disputes (a call refunded by a dispute was not a good call),</li>
 *   <li>bad = breached + 2 × refunded disputes + ¼ × disputes not (yet) refunded.</li>
 * </ul>
 * A proven failure (refunded dispute) weighs twice a breach: the consumer had to fight for it. A
 * dispute that is open or was denied weighs a quarter: a claim is a signal, not a proof, and
 * a consumer cannot sink a provider by opening disputes alone.
 * {@code score = round_half_up(100 × (PRIOR_GOOD + good) / (PRIOR_GOOD + PRIOR_BAD + good + bad))}.
 */
public final class TrustScore {
    public static final int PRIOR_GOOD = 5;
    public static final int PRIOR_BAD = 5;
    public static final int NEUTRAL = 50;

    private TrustScore() {}

    /** The counters of one service (item {@code SERVICE#<id>} / {@code STATS}). */
    public record Stats(long settled, long breached, long disputed, long refundedDisputes) {
        public static final Stats NONE = new Stats(0, 0, 0, 0);

        /** Grows with every counter change: a score computed from another basis is stale. */
        public long basis() {
            return settled + breached + disputed + refundedDisputes;
        }
    }

    public static int of(Stats s) {
        long refunded = Math.max(0, Math.min(s.refundedDisputes(), s.disputed()));
        // Quarter units, so every weight is an integer.
        long good4 = 4 * Math.max(0, s.settled() - refunded);
        long bad4 = 4 * Math.max(0, s.breached()) + 8 * refunded + Math.max(0, s.disputed() - refunded);
        long num = 4L * PRIOR_GOOD + good4;
        long den = 4L * (PRIOR_GOOD + PRIOR_BAD) + good4 + bad4;
        long score = (200 * num + den) / (2 * den); // round half up of 100·num/den
        return (int) Math.max(0, Math.min(100, score));
    }
}
