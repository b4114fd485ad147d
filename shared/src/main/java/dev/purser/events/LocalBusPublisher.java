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
 * The event bus of the local runtime: applies the EventBridge rule ({@link EventRoute}) and puts
 * what matches on the webhook queue, with exactly the body EventBridge would deliver, so the
 * dispatcher cannot tell the two apart.
 */
public final class LocalBusPublisher implements EventPublisher {
    static final String LOCAL_ACCOUNT = "000000000000";

    private final SqsClient sqs;
    private final String queueUrl;
    private final String region;
    private final Clock clock;

    public LocalBusPublisher(SqsClient sqs, String queueUrl, String region, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.region = region;
        this.clock = clock;
    }

    @Override
    public List<OutboxEvent> publish(List<OutboxEvent> events) {
        List<OutboxEvent> failed = new ArrayList<>();
        for (int from = 0; from < events.size(); from += 10) {
            List<OutboxEvent> batch = events.subList(from, Math.min(events.size(), from + 10));
            Map<String, OutboxEvent> byEntryId = new HashMap<>();
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                OutboxEvent e = batch.get(i);
                ObjectNode busEvent = BusEvent.of(e, LOCAL_ACCOUNT, region, clock.instant());
                // The rule, applied here as EventBridge applies it: unmatched events go nowhere.
                if (!EventRoute.matches(busEvent.get("source").asText())) continue;
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
