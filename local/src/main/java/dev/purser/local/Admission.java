package dev.purser.local;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP front's workers behind a bounded queue: at most {@link #MAX_WAITING} requests wait for
 * one of {@link #WORKERS} workers. A request over that bound, or one that waited longer than
 * {@link #MAX_WAIT_MILLIS} for a worker, is shed: the front answers it 503 with Retry-After at
 * once, without running it (no storage call, nothing changes), instead of letting it wait tens of
 * seconds behind slow storage and fail late. Over the bound, the request is answered on the
 * server's dispatcher thread, so the shedding itself never queues.
 */
final class Admission implements Executor, AutoCloseable {
    static final int WORKERS = 64;
    static final int MAX_WAITING = 128;
    static final long MAX_WAIT_MILLIS = 2_000;
    /** Set while a shed request runs: the front answers it 503 (see {@link #shed()}). */
    private static final ThreadLocal<Boolean> SHED = new ThreadLocal<>();

    private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, r -> {
        Thread t = new Thread(r, "purser-http");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger waiting = new AtomicInteger();

    @Override
    public void execute(Runnable exchange) {
        if (waiting.incrementAndGet() > MAX_WAITING) {
            waiting.decrementAndGet();
            run(exchange, true);
            return;
        }
        long queuedAt = System.nanoTime();
        workers.execute(() -> {
            waiting.decrementAndGet();
            run(exchange, System.nanoTime() - queuedAt > TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS));
        });
    }

    private static void run(Runnable exchange, boolean shed) {
        SHED.set(shed);
        try {
            exchange.run();
        } finally {
            SHED.remove();
        }
    }

    /** Whether the request the current thread is serving is to be answered 503 without running. */
    static boolean shed() {
        return Boolean.TRUE.equals(SHED.get());
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
