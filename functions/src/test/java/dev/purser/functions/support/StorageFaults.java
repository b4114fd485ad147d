package dev.purser.functions.support;

import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * Fault injection at the SDK's edge for a slow or busy storage: either the next
 * {@code TransactWriteItems} COMMITS and then the call times out (the SDK's own
 * {@link ApiCallTimeoutException}, as when DynamoDB answered too late), or every
 * {@code BatchGetItem} (a decision's read) is throttled before it is sent, at every SDK attempt
 * until disarmed (DynamoDB's {@link ProvisionedThroughputExceededException}: nothing written).
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

    /** Ends a {@link Fault#THROTTLED} spell. */
    public void disarm() {
        armed.set(null);
    }

    /** Every attempt while armed: the SDK retries a throttled call, and each retry is throttled too. */
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if ("BatchGetItem".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                && armed.get() == Fault.THROTTLED) {
            fired = Fault.THROTTLED;
            throw ProvisionedThroughputExceededException.builder().statusCode(400)
                    .message("injected: the request rate is too high")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                            .errorMessage("injected: the request rate is too high").serviceName("DynamoDb").build())
                    .build();
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
