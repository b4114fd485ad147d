package dev.purser.functions.events;

import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.purser.config.AwsClients;
import dev.purser.config.Env;
import dev.purser.config.Purser;
import dev.purser.functions.observe.Observability;
import dev.purser.functions.observe.WebhookAttempts;
import dev.purser.webhooks.DeliveryStore;
import dev.purser.webhooks.JdkWebhookTransport;
import dev.purser.webhooks.MessageVisibility;
import dev.purser.webhooks.WebhookDispatcher;
import dev.purser.webhooks.WebhookStore;
import dev.purser.webhooks.WebhooksApi;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The webhook queue → subscribers. A message whose deliveries are all final is deleted (not
 * reported). One waiting for a retry gets its visibility timeout set to the backoff and is
 * reported as a batch item failure, so SQS shows it again when the retry is due. One whose
 * retries are exhausted is reported without a new visibility: it comes back every 6 minutes,
 * finds nothing to do, and moves to the dead-letter queue at maxReceiveCount.
 */
public final class WebhookDispatchHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = Logger.getLogger(WebhookDispatchHandler.class.getName());

    /** The deployed transport, timed for the delivery metrics (one per container). */
    private static final WebhookAttempts ATTEMPTS = new WebhookAttempts(new JdkWebhookTransport());

    private final WebhookDispatcher dispatcher;
    private final MessageVisibility visibility;

    public WebhookDispatchHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public WebhookDispatchHandler(Purser purser) {
        this(new WebhookDispatcher(new WebhookStore(purser.dynamo(), purser.table()),
                        new DeliveryStore(purser.dynamo(), purser.table()), WebhooksApi.urlGuard(purser.env()),
                        ATTEMPTS, purser.clock()),
                MessageVisibility.sqs(new AwsClients(purser.env()).sqs(), purser.env().require(Env.WEBHOOK_QUEUE_URL)));
    }

    public WebhookDispatchHandler(WebhookDispatcher dispatcher, MessageVisibility visibility) {
        this.dispatcher = dispatcher;
        this.visibility = visibility;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Observability.webhooks(context, ATTEMPTS, () -> dispatch(event));
    }

    private SQSBatchResponse dispatch(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            try {
                WebhookDispatcher.Result r = dispatcher.dispatch(m.getBody());
                if (r.next() == WebhookDispatcher.Next.DONE) continue;
                if (r.next() == WebhookDispatcher.Next.RETRY) visibility.delay(m.getReceiptHandle(), r.retryIn());
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            } catch (RuntimeException e) {
                // Unexpected (e.g. DynamoDB throttled): the message returns after the queue's timeout.
                LOG.log(Level.WARNING, "dispatch failed for message " + m.getMessageId(), e);
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
