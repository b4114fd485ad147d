package dev.purser.functions.support;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Counts SDK round trips: one per HTTP request sent (retries included), whatever the operation. */
public final class RoundTripCounter implements ExecutionInterceptor {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        count.incrementAndGet();
    }

    public int reset() {
        return count.getAndSet(0);
    }

    public int get() {
        return count.get();
    }
}
