package dev.purser.retry;

/**
 * An item kept changing under a read-modify-write loop after every bounded, jittered retry ({@link Retry}): heavy
 * contention, not a bug and not the caller's mistake. Nothing was written. The HTTP edge answers
 * {@code 409 {"detail": ...}} with {@code Retry-After: 1} (docs/limits.md), never a 500.
 */
public final class Contended extends RuntimeException {
    public Contended(String message) {
        super(message, null, false, false);
    }

}
