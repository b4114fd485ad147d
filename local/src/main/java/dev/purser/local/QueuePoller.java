package dev.purser.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Plays Lambda's SQS event source mapping for the webhook dispatcher: receives up to 5 messages
 * (the stack's batch size), invokes the handler with an {@link SQSEvent}, deletes the messages
 * that succeeded and leaves the reported failures on the queue, whose visibility the dispatcher
 * has already set to its backoff. A handler that throws fails the whole batch, as in Lambda.
 *
 * <p>It also tells the stream poller when it is safe to remember a stream position
 * ({@link #handledEverythingSentBefore}): the queue lives in memory, so a message is only "safe"
 * once the dispatcher has seen it and written its delivery records (from then on the delivery
 * store, not the queue, remembers what is left to do).
 */
public final class QueuePoller {
    static final int BATCH = 5;
    /** The queue's visibility timeout: a batch whose handler threw is invisible this long. */
    static final int VISIBILITY_TIMEOUT_SECONDS = 30;

    /** nanoTime at which the latest receive that came back empty had started. */
    private volatile long emptyReceiveStartedAt = Long.MIN_VALUE;
    /** nanoTime of the latest invocation that threw (its messages come back after the visibility timeout). */
    private volatile long threwAt = Long.MIN_VALUE;

    private final SqsClient sqs;
    private final String queueUrl;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;

    public QueuePoller(SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.handler = handler;
    }

    /** One receive (long poll up to {@code waitSeconds}) and one invocation; returns the messages received. */
    public int pollOnce(int waitSeconds) {
        long started = System.nanoTime();
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(BATCH)
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
        if (messages.isEmpty()) {
            emptyReceiveStartedAt = started;
            return 0;
        }
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setReceiptHandle(m.receiptHandle());
            r.setBody(m.body());
            r.setEventSource("aws:sqs");
            r.setAttributes(m.attributesAsStrings());
            records.add(r);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        SQSBatchResponse response;
        try {
            response = handler.handleRequest(event, null);
        } catch (RuntimeException | Error e) {
            threwAt = System.nanoTime();
            throw e;
        }
        Set<String> failed = new HashSet<>();
        if (response != null && response.getBatchItemFailures() != null) {
            response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        }
        // One batch delete for the batch's successes, as Lambda's event source mapping does.
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (!failed.contains(m.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(m.receiptHandle()).build());
            }
        }
        if (!done.isEmpty()) sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done));
        return messages.size();
    }

    /**
     * True when every message sent to the queue before {@code nanoTime} has been handled at least
     * once: a receive that started later found the queue empty (nothing unseen, nothing returned
     * by an expired visibility timeout), and no invocation threw within a visibility timeout of it.
     * Only this poller receives from the queue, and it runs one batch at a time.
     */
    public boolean handledEverythingSentBefore(long nanoTime) {
        long empty = emptyReceiveStartedAt;
        long threw = threwAt;
        if (empty == Long.MIN_VALUE || empty - nanoTime <= 0) return false;
        return threw == Long.MIN_VALUE || empty - threw > java.util.concurrent.TimeUnit.SECONDS.toNanos(VISIBILITY_TIMEOUT_SECONDS + 1);
    }
}
