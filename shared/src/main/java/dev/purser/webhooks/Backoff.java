package dev.purser.webhooks;

import java.time.Duration;
import java.util.List;

/**
 * When a failed delivery is tried again. After the n-th failed attempt the next waits
 * {@code DELAYS[n-1]} (the last delay repeats). Attempts therefore happen at 0, 30 s, 2.5 min,
 * 12.5 min, 42.5 min, 1 h 42.5, 3 h 42.5, 7 h 42.5, 15 h 42.5 and 27 h 42.5: a delivery that
 * fails at or after {@link #WINDOW} (24 h) since its first attempt is given up, so the 10th
 * attempt is the last. Ten receives of the message, well under the queue's maxReceiveCount of
 * 16 (infra WebhookDelivery), which leaves room for receives lost to throttles or crashes.
 * No delay exceeds 12 h, SQS's longest visibility timeout.
 */
public final class Backoff {
    static final List<Duration> DELAYS = List.of(
            Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8),
            Duration.ofHours(12));
    public static final Duration WINDOW = Duration.ofHours(24);
    /** SQS's ceiling on a visibility timeout. */
    public static final Duration MAX_VISIBILITY = Duration.ofHours(12);

    private Backoff() {}

    /** The wait after the {@code failedAttempts}-th failed attempt (1-based). */
    public static Duration after(int failedAttempts) {
        int i = Math.max(1, failedAttempts) - 1;
        return DELAYS.get(Math.min(i, DELAYS.size() - 1));
    }
}
