package dev.purser.events;

import dev.purser.retry.Retry;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * PutEvents to the Purser bus, at most 10 entries per call (the API's limit). PutEvents can fail
 * per entry (throttling, internal errors) while the call succeeds, so failed entries are retried
 * a few times with a short pause; what still fails is returned, and the relay reports it to the
 * stream as a batch item failure.
 */
public final class EventBridgePublisher implements EventPublisher {
    static final int MAX_ENTRIES = 10;
    static final int ATTEMPTS = 3;

    private final EventBridgeClient client;
    private final String busName;

    public EventBridgePublisher(EventBridgeClient client, String busName) {
        this.client = client;
        this.busName = busName;
    }

    @Override
    public List<OutboxEvent> publish(List<OutboxEvent> events) {
        List<OutboxEvent> failed = new ArrayList<>();
        for (int from = 0; from < events.size(); from += MAX_ENTRIES) {
            failed.addAll(publishBatch(events.subList(from, Math.min(events.size(), from + MAX_ENTRIES))));
        }
        return failed;
    }

    private List<OutboxEvent> publishBatch(List<OutboxEvent> batch) {
        List<OutboxEvent> pending = batch;
        for (int attempt : Retry.attempts(ATTEMPTS)) {
            List<OutboxEvent> toSend = pending;
            List<PutEventsRequestEntry> entries = toSend.stream().map(this::entry).toList();
            List<OutboxEvent> stillFailed = new ArrayList<>();
            try {
                PutEventsResponse response = client.putEvents(b -> b.entries(entries));
                List<PutEventsResultEntry> results = response.entries();
                for (int i = 0; i < toSend.size(); i++) {
                    // Result entries are in request order; an entry with an error code failed.
                    if (i >= results.size() || results.get(i).errorCode() != null) stillFailed.add(toSend.get(i));
                }
            } catch (RuntimeException e) {
                stillFailed.addAll(toSend);
            }
            pending = stillFailed;
            if (pending.isEmpty()) break;
        }
        return pending;
    }

    private PutEventsRequestEntry entry(OutboxEvent e) {
        return PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(EventRoute.SOURCE)
                .detailType(e.type())
                .detail(e.envelope())
                .build();
    }
}
