package dev.purser.webhooks;

import java.time.Duration;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Schedules a message's next receive: the dispatcher's backoff is the visibility timeout of the
 * message it could not deliver. Capped at SQS's 12 h maximum; a longer wait simply costs one
 * early receive, which finds nothing due and waits again.
 */
public interface MessageVisibility {
    void delay(String receiptHandle, Duration delay);

    static MessageVisibility sqs(SqsClient sqs, String queueUrl) {
        return (receiptHandle, delay) -> {
            Duration d = delay.compareTo(Backoff.MAX_VISIBILITY) > 0 ? Backoff.MAX_VISIBILITY : delay;
            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle)
                    .visibilityTimeout((int) Math.max(1, d.toSeconds())));
        };
    }
}
