package dev.purser.events;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Publishes the outbox items found on the table's stream. Publishing is at-least-once (a batch
 * may be retried after a partial failure or a crash); duplicates are harmless because the
 * dispatcher keys every delivery by event id and never re-sends a delivered one.
 */
public final class OutboxRelay {
    private final EventPublisher publisher;
    private final UnaryOperator<OutboxEvent> enrich;

    public OutboxRelay(EventPublisher publisher) {
        this(publisher, UnaryOperator.identity());
    }

    /** @param enrich adds derived data to an event before it is published (e.g. action links) */
    public OutboxRelay(EventPublisher publisher, UnaryOperator<OutboxEvent> enrich) {
        this.publisher = publisher;
        this.enrich = enrich;
    }

    /** Is this stream record's partition key an outbox item's? */
    public static boolean isOutboxKey(String pk) {
        return pk != null && pk.startsWith("EVENT#");
    }

    /** @return the events that could not be published */
    public List<OutboxEvent> relay(List<OutboxEvent> events) {
        if (events.isEmpty()) return List.of();
        return publisher.publish(events.stream().map(enrich).toList());
    }
}
