package dev.purser.functions.support;

import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * Fault injection at the SDK's edge for a slow or busy storage, armed for the next
 * {@code TransactWriteItems}: either it COMMITS and then the call times out (the SDK's own
 * {@link ApiCallTimeoutException}, as when DynamoDB answered too late), or it is throttled before
 * it is sent (DynamoDB's {@link ProvisionedThroughputExceededException}: nothing written).
 */
public final class StorageFaults implements ExecutionInterceptor {
    public enum Fault { TIMES_OUT_AFTER_COMMIT, THROTTLED }

    private final AtomicReference<Fault> armed = new AtomicReference<>();
    private volatile Fault fired;

    public void arm(Fault fault) {
        armed.set(fault);
    }

    public Fault fired() {
        return fired;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (transaction(attributes) && armed.compareAndSet(Fault.THROTTLED, null)) {
            fired = Fault.THROTTLED;
            throw ProvisionedThroughputExceededException.builder().statusCode(400)
                    .message("injected: the request rate is too high").build();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (transaction(attributes) && armed.compareAndSet(Fault.TIMES_OUT_AFTER_COMMIT, null)) {
            fired = Fault.TIMES_OUT_AFTER_COMMIT;
            throw ApiCallTimeoutException.create(10_000);
        }
    }

    private static boolean transaction(ExecutionAttributes attributes) {
        return "TransactWriteItems".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
}
