package dev.purser.events;

/**
 * One outbox item as the relay sees it on the stream.
 *
 * @param envelope the JSON text of {@code {id, type, created_at, account_id, data}}
 */
public record OutboxEvent(String eventId, String type, String envelope) {}
