package dev.purser.events;

import java.util.List;

/** Publishes outbox events to the event bus (EventBridge in AWS, a local adapter on one machine). */
public interface EventPublisher {

    /** Publishes what it can; returns the events that still failed after its own retries. */
    List<OutboxEvent> publish(List<OutboxEvent> events);
}
