package dev.purser.functions.support;

import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Fault injection at the SDK's edge: once armed, the next {@code TransactWriteItems} reaches
 * DynamoDB and COMMITS, and then its answer is lost (the caller gets a client error, as when a
 * connection drops or the function dies after the write). Runs after the SDK's retries, so the
 * transaction is sent exactly once.
 */
public final class LoseAnswerAfterCommit implements ExecutionInterceptor {
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicBoolean fired = new AtomicBoolean();

    public void arm() {
        armed.set(true);
    }

    public boolean fired() {
        return fired.get();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if ("TransactWriteItems".equals(operation) && armed.compareAndSet(true, false)) {
            fired.set(true);
            throw SdkClientException.create("injected: the transaction committed, its answer was lost");
        }
    }
}
