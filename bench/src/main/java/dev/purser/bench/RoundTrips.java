package dev.purser.bench;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Counts DynamoDB round trips (one per HTTP request sent, retries included) and remembers how
 * many items the last TransactWriteItems carried, so the storage ceiling can be checked to use
 * the same transaction shape as a decision.
 */
final class RoundTrips implements ExecutionInterceptor {
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger lastTransactionItems = new AtomicInteger();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof TransactWriteItemsRequest t) lastTransactionItems.set(t.transactItems().size());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        count.incrementAndGet();
    }

    int reset() {
        return count.getAndSet(0);
    }

    int lastTransactionItems() {
        return lastTransactionItems.get();
    }
}
