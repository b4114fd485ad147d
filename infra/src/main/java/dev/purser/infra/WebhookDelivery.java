package dev.purser.infra;

import dev.purser.events.EventRoute;
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
 * message it could not deliver ({@code dev.purser.webhooks.Backoff}: 30 s, 2 min, 10 min, 30 min,
 * 1 h, 2 h, 4 h, 8 h, 12 h; SQS caps one visibility timeout at 12 h). A delivery still failing 24 h
 * after its first attempt is marked failed: that is the 10th attempt, at about 27.7 h, so 10
 * receives. {@link #MAX_RECEIVE_COUNT} leaves 6 more for receives a throttled or crashed
 * dispatcher consumes with the default visibility timeout; an exhausted message keeps failing
 * without a new visibility and reaches the DLQ (alarmed) within 6 × 6 min. The retention (4 days)
 * exceeds the whole retry span.
 */
public final class WebhookDelivery extends Construct {

    /** Events published by Purser carry this {@code source}; the rule forwards exactly those. */
    public static final String EVENT_SOURCE = EventRoute.SOURCE;

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
        Nag.suppress(undeliveredEvents, "AwsSolutions-SQS3", "it is a DLQ: the webhook rules' target dead-letter queue");
        // One rule per EventRoute entry whose target is the webhook queue (the table in shared).
        for (EventRoute route : EventRoute.values()) {
            if (route.target() != EventRoute.Target.WEBHOOK_QUEUE) continue;
            var types = route.pattern().detailTypes();
            Rule.Builder.create(this, route.ruleName())
                    .eventBus(bus)
                    .description("Purser domain events (" + route.name() + ") go to the webhook queue")
                    .eventPattern(EventPattern.builder().source(List.of(EVENT_SOURCE))
                            .detailType(types.isEmpty() ? null : types.stream().sorted().toList()).build())
                    .targets(List.of(SqsQueue.Builder.create(webhookQueue)
                            .deadLetterQueue(undeliveredEvents)
                            .build()))
                    .build();
        }
    }

    public EventBus bus() { return bus; }

    public Queue webhookQueue() { return webhookQueue; }

    /** Webhook deliveries that exhausted {@link #MAX_RECEIVE_COUNT} receives. */
    public Queue webhookDeadLetters() { return webhookDeadLetters; }

    /** Events EventBridge could not put on the webhook queue. */
    public Queue undeliveredEvents() { return undeliveredEvents; }
}
