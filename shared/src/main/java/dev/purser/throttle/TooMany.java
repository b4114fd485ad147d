package dev.purser.throttle;

/** A caller over one of the {@link Throttles} limits; the HTTP edge answers 429 with {@code Retry-After}. */
public final class TooMany extends RuntimeException {
    private final long retryAfterSeconds;

    public TooMany(String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() { return retryAfterSeconds; }
}
