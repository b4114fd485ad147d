package dev.purser.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/** The stack's SQS queues share one baseline: SQS-managed encryption, TLS only. */
final class Queues {

    /** SQS's maximum: an operator has two weeks to inspect and redrive a dead letter. */
    static final Duration DEAD_LETTER_RETENTION = Duration.days(14);

    private Queues() {}

    /**
     * A dead-letter queue. SQS-managed encryption (not KMS) because EventBridge and Lambda
     * destinations can write to it without a key policy.
     */
    static Queue deadLetterQueue(Construct scope, String id) {
        Queue queue = Queue.Builder.create(scope, id)
                .retentionPeriod(DEAD_LETTER_RETENTION)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .build();
        Nag.suppress(queue, "Serverless-SQSRedrivePolicy", "a dead-letter queue is the end of the line: alarmed, inspected, redriven by hand");
        return queue;
    }

    static Queue workQueue(Construct scope, String id, Duration visibilityTimeout, Duration retention,
                           Queue deadLetters, int maxReceiveCount) {
        return Queue.Builder.create(scope, id)
                .visibilityTimeout(visibilityTimeout)
                .retentionPeriod(retention)
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(maxReceiveCount).build())
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .build();
    }
}
