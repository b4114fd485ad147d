package dev.purser.infra;

import dev.purser.http.LambdaFunction;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * Domain events and their delivery to webhooks: the outbox relay publishes to the Purser bus, a
 * rule forwards every Purser event to the webhook queue, and the dispatcher delivers from it.
 *
 * <p>Retries: the dispatcher schedules its own backoff by setting the visibility timeout of a
 * message it could not deliver (e.g. 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 12 h: about 32.6 h
 * after 8 receives; SQS caps one visibility timeout at 12 h). {@link #MAX_RECEIVE_COUNT} is twice
 * that, because a throttled or crashed dispatcher also consumes receives with the default
 * visibility timeout, and the span of retries must stay at or above 24 h. The retention must
 * exceed the whole retry span.
 */
public final class WebhookDelivery extends Construct {

    /** Events published by Purser carry this {@code source}; the rule forwards exactly those. */
    public static final String EVENT_SOURCE = "purser";

    static final int MAX_RECEIVE_COUNT = 16;
    static final Duration WEBHOOK_QUEUE_RETENTION = Duration.days(4);

    /**
     * AWS's advice for Lambda event sources is at least 6 × the function timeout, so a message is
     * not redelivered while a batch containing it may still be running (including Lambda's own
     * retries after a throttle).
     */
    static final Duration WEBHOOK_QUEUE_VISIBILITY =
            Duration.seconds(6 * LambdaFunction.WEBHOOK_DISPATCH.timeoutSeconds());

    private final EventBus bus;
    private final Queue webhookQueue;
    private final Queue webhookDeadLetters;
    private final Queue undeliveredEvents;

    public WebhookDelivery(Construct scope, String id, String eventBusName) {
        super(scope, id);
        bus = EventBus.Builder.create(this, "Bus").eventBusName(eventBusName).build();

        webhookDeadLetters = Queues.deadLetterQueue(this, "WebhookDlq");
        webhookQueue = Queues.workQueue(this, "WebhookQueue", WEBHOOK_QUEUE_VISIBILITY,
                WEBHOOK_QUEUE_RETENTION, webhookDeadLetters, MAX_RECEIVE_COUNT);

        // Events EventBridge could not put on the webhook queue (e.g. a queue policy mistake):
        // kept, not dropped, and alarmed like every other dead-letter queue.
        undeliveredEvents = Queues.deadLetterQueue(this, "EventsDlq");
        Rule.Builder.create(this, "ToWebhookQueue")
                .eventBus(bus)
                .description("Every Purser domain event goes to the webhook queue")
                .eventPattern(EventPattern.builder().source(List.of(EVENT_SOURCE)).build())
                .targets(List.of(SqsQueue.Builder.create(webhookQueue)
                        .deadLetterQueue(undeliveredEvents)
                        .build()))
                .build();
    }

    public EventBus bus() { return bus; }

    public Queue webhookQueue() { return webhookQueue; }

    /** Webhook deliveries that exhausted {@link #MAX_RECEIVE_COUNT} receives. */
    public Queue webhookDeadLetters() { return webhookDeadLetters; }

    /** Events EventBridge could not put on the webhook queue. */
    public Queue undeliveredEvents() { return undeliveredEvents; }
}
