package dev.purser.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The JSON EventBridge delivers to an SQS target: {@code version, id, detail-type, source,
 * account, time, region, resources, detail}. The local adapter writes it; the dispatcher reads
 * its {@code detail}, which is the Purser envelope.
 */
public final class BusEvent {
    private BusEvent() {}

    public static ObjectNode of(OutboxEvent event, String awsAccount, String region, Instant time) {
        ObjectNode o = Json.object();
        o.put("version", "0");
        o.put("id", UUID.randomUUID().toString());
        o.put("detail-type", event.type());
        o.put("source", EventRoute.SOURCE);
        o.put("account", awsAccount);
        o.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        o.put("region", region);
        o.putArray("resources");
        o.set("detail", Json.parseTrusted(event.envelope()));
        return o;
    }

    /** The Purser envelope inside an EventBridge event delivered by SQS. */
    public static JsonNode envelope(String sqsBody) {
        JsonNode event = Json.parseTrusted(sqsBody);
        JsonNode detail = event.get("detail");
        if (detail == null || !detail.isObject()) throw new IllegalArgumentException("not an EventBridge event: no detail");
        return detail;
    }
}
