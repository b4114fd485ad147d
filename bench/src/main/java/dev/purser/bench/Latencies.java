package dev.purser.bench;

import java.util.Arrays;

/**
 * Recorded latencies in nanoseconds, one recorder per thread (merged afterwards), so recording
 * costs an array store and no synchronisation. Percentiles are nearest-rank over all samples.
 */
final class Latencies {
    private long[] nanos = new long[4096];
    private int size;

    void add(long n) {
        if (size == nanos.length) nanos = Arrays.copyOf(nanos, size * 2);
        nanos[size++] = n;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) add(other.nanos[i]);
    }

    long total() {
        long t = 0;
        for (int i = 0; i < size; i++) t += nanos[i];
        return t;
    }

    int count() {
        return size;
    }

    /** The p-th percentile (0 < p <= 100) in nanoseconds; 0 when empty. */
    long percentile(double p) {
        if (size == 0) return 0;
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    static double micros(long nanos) {
        return nanos / 1_000.0;
    }

    static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
