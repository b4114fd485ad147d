package dev.purser.functions.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.purser.functions.agent.ExpirySweepHandler;
import dev.purser.functions.agent.X402TokenScanHandler;
import dev.purser.functions.events.WebhookDispatchHandler;
import dev.purser.functions.support.World;
import dev.purser.json.Json;
import dev.purser.observe.MetricNames;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The functions outside the HTTP API are visible too: the expiry sweep, the x402 SLA scan and the
 * webhook dispatcher each write one JSON line per run with their counts, latency and round trips,
 * and emit their counts as metrics (the names the stack's dashboard graphs).
 */
class ScheduledRunsLogsTest {

    @Test
    void theSweepTheSlaScanAndWebhookBatchesLogAndMeasureEachRun() {
        World world = new World();
        List<Measurements> emitted = new ArrayList<>();
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Observability.sink(emitted::add);
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String scanAnswer;
        try {
            new ExpirySweepHandler(world.purser).handleRequest(new Object(), null);
            scanAnswer = new X402TokenScanHandler(world.purser).handleRequest(new Object(), null);
            SQSEvent none = new SQSEvent();
            none.setRecords(List.of());
            new WebhookDispatchHandler(world.purser).handleRequest(none, null);
        } finally {
            System.setOut(original);
            Observability.sink(null);
        }
        assertTrue(scanAnswer.contains("\"sla_breached\":0"), scanAnswer);

        JsonNode sweep = null;
        JsonNode scan = null;
        JsonNode webhooks = null;
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) continue;
            JsonNode j = Json.parseTrusted(line);
            if (j.path("message").asText().startsWith("sweep ")) sweep = j;
            if (j.path("message").asText().startsWith("sla scan ")) scan = j;
            if (j.path("message").asText().startsWith("webhooks ")) webhooks = j;
        }
        assertTrue(sweep != null && scan != null && webhooks != null, "one line per run:\n" + captured);
        assertEquals(0, webhooks.path("attempts").asInt(), webhooks.toString());
        assertEquals(0, scan.path("sla_breached").asInt(), scan.toString());
        assertTrue(scan.has("examined") && scan.has("expired") && scan.has("round_trips") && scan.has("latency_ms"), scan.toString());
        assertTrue(scan.path("round_trips").asInt() >= 1, "the scan read its due partition: " + scan);

        Set<String> names = new HashSet<>();
        emitted.forEach(m -> m.values().forEach(v -> names.add(v.name())));
        assertTrue(names.containsAll(Set.of(MetricNames.SWEEP_EXAMINED, MetricNames.SWEEP_EXPIRED,
                MetricNames.SLA_SCAN_EXAMINED, MetricNames.SLA_SCAN_EXPIRED, MetricNames.SLA_SCAN_BREACHED,
                MetricNames.WEBHOOK_ATTEMPTS, MetricNames.WEBHOOK_FAILURES)), names.toString());
    }
}
