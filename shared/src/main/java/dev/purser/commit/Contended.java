package dev.purser.commit;

import java.util.concurrent.ThreadLocalRandom;

/**
 * An item kept changing under a read-modify-write loop after every bounded, jittered retry: heavy
 * contention, not a bug and not the caller's mistake. Nothing was written. The HTTP edge answers
 * {@code 409 {"detail": ...}} with {@code Retry-After: 1} (docs/limits.md), never a 500.
 */
public final class Contended extends RuntimeException {
    /** Attempts a read-modify-write loop makes before giving up with {@link Contended}. */
    public static final int ATTEMPTS = 25;

    public Contended(String message) {
        super(message, null, false, false);
    }

    /**
     * Sleeps before retry {@code attempt} (0-based): full jitter over an exponential ceiling of
     * 2 ms · 2^attempt, capped at 100 ms, so writers that collided spread out instead of colliding
     * again in lockstep.
     */
    public static void backoff(int attempt) {
        if (attempt == 0) return;
        long ceiling = Math.min(100, 2L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Contended("interrupted while waiting to retry");
        }
    }
}
