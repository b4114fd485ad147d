package dev.purser.functions.events;

import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.purser.config.Purser;
import dev.purser.config.EventPublishers;
import dev.purser.events.OutboxEvent;
import dev.purser.events.OutboxRelay;
import dev.purser.owner.ActionLinks;
import dev.purser.owner.PendingRequestLinks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table's stream → the event bus. Only INSERTs of outbox items ({@code EVENT#…}) are
 * published; every other record is skipped. Records that could not be published are reported as
 * batch item failures, so Lambda retries from the first of them (and bisects a poison batch).
 */
public final class OutboxRelayHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final OutboxRelay relay;

    public OutboxRelayHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public OutboxRelayHandler(Purser purser) {
        this(new OutboxRelay(EventPublishers.fromEnvironment(purser.env(), purser.clock()),
                new PendingRequestLinks(() -> ActionLinks.of(purser))));
    }

    public OutboxRelayHandler(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        Map<String, OutboxEvent> bySequence = new LinkedHashMap<>();
        for (DynamodbEvent.DynamodbStreamRecord r : event.getRecords()) {
            OutboxEvent e = outboxEvent(r);
            if (e != null) bySequence.put(r.getDynamodb().getSequenceNumber(), e);
        }
        // By event id: the relay may publish an enriched copy of an event (e.g. with links).
        Set<String> failed = new HashSet<>();
        for (OutboxEvent e : relay.relay(new ArrayList<>(bySequence.values()))) failed.add(e.eventId());
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        bySequence.forEach((sequence, e) -> {
            if (failed.contains(e.eventId())) failures.add(new StreamsEventResponse.BatchItemFailure(sequence));
        });
        return new StreamsEventResponse(failures);
    }

    static OutboxEvent outboxEvent(DynamodbEvent.DynamodbStreamRecord r) {
        if (!"INSERT".equals(r.getEventName()) || r.getDynamodb() == null) return null;
        Map<String, AttributeValue> image = r.getDynamodb().getNewImage();
        if (image == null || !OutboxRelay.isOutboxKey(text(image, "pk"))) return null;
        return new OutboxEvent(text(image, "event_id"), text(image, "type"), text(image, "envelope"));
    }

    private static String text(Map<String, AttributeValue> image, String name) {
        AttributeValue v = image.get(name);
        return v == null ? null : v.getS();
    }
}
