package dev.purser.wallets;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Jittered pause before re-running a transaction that lost a race on a hot item (a busy wallet):
 * grows to 100 ms so hundreds of concurrent writers spread out instead of colliding again.
 */
public final class Backoff {
    private Backoff() {}

    public static void pause(int attempt) {
        long max = Math.min(100, 5L << Math.min(attempt, 5));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, max + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
