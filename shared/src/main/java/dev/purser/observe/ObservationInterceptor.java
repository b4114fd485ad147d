package dev.purser.observe;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Counts, into the thread's {@link Observation}, every HTTP request the SDK sends (retries
 * included) and every cancelled transaction: a decision's cancelled TransactWriteItems is a lost
 * race (a guard or a concurrent writer moved first) that the API retries on fresh figures.
 * Synchronous SDK clients run interceptors on the calling thread, so the counts land on the
 * invocation that caused them.
 */
public final class ObservationInterceptor implements ExecutionInterceptor {
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Observation.current().roundTrip();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.exception() instanceof TransactionCanceledException) Observation.current().cancelledTransaction();
    }
}
