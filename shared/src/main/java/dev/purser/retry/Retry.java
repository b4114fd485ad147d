package dev.purser.retry;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one bounded, jittered retry loop. Every read-modify-write that can lose a race (a
 * {@code ConditionFailed} or {@code LostRace} from {@link Commit}), and every batch that can come
 * back partial, runs as
 *
 * <pre>
 * for (int attempt : Retry.attempts(Retry.ATTEMPTS)) {
 *     read; decide; if (done) return answer;
 *     commit; if (committed) return answer;
 *     // lost: fall through, read again and decide on fresh figures
 * }
 * throw new Contended("...");   // or the caller's own "gave up" answer
 * </pre>
 *
 * Before every attempt after the first it pauses with full jitter over an exponential ceiling of
 * 2 ms · 2^attempt, capped at 100 ms, so writers that collided on a hot item spread out instead
 * of colliding again in lockstep. Nothing else in the code sleeps before a retry.
 */
public final class Retry implements Iterable<Integer> {
    /** The default bound of a read-modify-write loop before it gives up with {@link Contended}. */
    public static final int ATTEMPTS = 25;
    static final long CEILING_MS = 100;

    private final int attempts;

    private Retry(int attempts) {
        this.attempts = attempts;
    }

    /** Attempts {@code 0 .. attempts-1}, pausing before each one after the first. */
    public static Retry attempts(int attempts) {
        return new Retry(attempts);
    }

    @Override
    public Iterator<Integer> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < attempts;
            }

            @Override
            public Integer next() {
                if (!hasNext()) throw new NoSuchElementException();
                pause(next);
                return next++;
            }
        };
    }

    /**
     * Sleeps before attempt {@code attempt} (0-based; none before the first): a uniformly random
     * 1 ms .. min(100 ms, 2 ms · 2^attempt).
     */
    static void pause(int attempt) {
        if (attempt == 0) return;
        long ceiling = Math.min(CEILING_MS, 2L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Contended("interrupted while waiting to retry");
        }
    }
}
