package dev.purser.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The event bus of the local runtime: applies the EventBridge rules ({@link EventRoute}) and puts
 * what matches on each target's queue, with exactly the body EventBridge would deliver, so the
 * dispatcher cannot tell the two apart.
 */
public final class LocalBusPublisher implements EventPublisher {
    static final String LOCAL_ACCOUNT = "000000000000";

    private final SqsClient sqs;
    private final Map<EventRoute.Target, String> queues;
    private final String region;
    private final Clock clock;

    /** The local runtime's one target: the webhook queue. */
    public LocalBusPublisher(SqsClient sqs, String webhookQueueUrl, String region, Clock clock) {
        this(sqs, Map.of(EventRoute.Target.WEBHOOK_QUEUE, webhookQueueUrl), region, clock);
    }

    /** @param queues the queue of each target the local runtime has; routes to others are skipped */
    public LocalBusPublisher(SqsClient sqs, Map<EventRoute.Target, String> queues, String region, Clock clock) {
        this.sqs = sqs;
        this.queues = Map.copyOf(queues);
        this.region = region;
        this.clock = clock;
    }

    @Override
    public List<OutboxEvent> publish(List<OutboxEvent> events) {
        List<OutboxEvent> failed = new ArrayList<>();
        for (var queue : queues.entrySet()) {
            for (OutboxEvent e : send(queue.getKey(), queue.getValue(), events)) {
                if (!failed.contains(e)) failed.add(e);
            }
        }
        return failed;
    }

    /** The events some route sends to this target, put on its queue; returns those not sent. */
    private List<OutboxEvent> send(EventRoute.Target target, String queueUrl, List<OutboxEvent> events) {
        List<OutboxEvent> failed = new ArrayList<>();
        for (int from = 0; from < events.size(); from += 10) {
            List<OutboxEvent> batch = events.subList(from, Math.min(events.size(), from + 10));
            Map<String, OutboxEvent> byEntryId = new HashMap<>();
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                OutboxEvent e = batch.get(i);
                ObjectNode busEvent = BusEvent.of(e, LOCAL_ACCOUNT, region, clock.instant());
                // The rules, applied here as EventBridge applies them: unmatched events go nowhere.
                boolean routed = EventRoute.matching(busEvent.get("source").asText(), busEvent.get("detail-type").asText())
                        .stream().anyMatch(r -> r.target() == target);
                if (!routed) continue;
                byEntryId.put(Integer.toString(i), e);
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .messageBody(Json.write(busEvent)).build());
            }
            if (entries.isEmpty()) continue;
            try {
                SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
                r.failed().forEach(f -> failed.add(byEntryId.get(f.id())));
            } catch (RuntimeException ex) {
                failed.addAll(batch);
            }
        }
        return failed;
    }
}
