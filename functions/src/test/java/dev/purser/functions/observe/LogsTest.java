package dev.purser.functions.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.json.Json;
import dev.purser.observe.MetricNames;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The functions' logs over a whole owner-and-agent flow: one structured JSON line per request with
 * the API Gateway request id and the account and agent ids, and never a secret — no agent token,
 * owner key or webhook signing secret, whatever their prefixes become. The metrics of the same
 * flow are recorded through the {@link MetricsSink} seam.
 */
class LogsTest {
    private static final Pattern AGENT_PREFIXED = Pattern.compile("agt_[A-Za-z0-9_-]+");
    private static final Pattern OWNER_KEY = Pattern.compile("pk_[A-Za-z0-9_-]{16,}");
    private static final Pattern WEBHOOK_SECRET = Pattern.compile("whsec_[A-Za-z0-9_-]{8,}");

    @Test
    void aFullFlowLogsStructuredLinesWithIdsAndNoSecret() {
        List<Measurements> emitted = new ArrayList<>();
        World world = new World();
        World.OwnedAccount owned = world.ownedAccount();
        World.TestAgent agent = world.agent(owned.account(), 500,
                "{\"auto_approve\": {\"enabled\": true, \"max_amount\": 20}}");
        String webhookSecret;
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Observability.sink(emitted::add);
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Resp webhook = world.api.post("/v1/webhooks", owned.ownerKey(),
                    "{\"url\": \"http://127.0.0.1:9/purser\", \"events\": [\"request.pending\"]}");
            assertEquals(201, webhook.status(), webhook.body());
            webhookSecret = webhook.json().get("secret").asText();
            Resp auto = world.api.agentPost("/requests", agent.token(),
                    "{\"amount\": 12.00, \"category\": \"software\", \"description\": \"logs\"}");
            assertEquals(201, auto.status(), auto.body());
            Resp pending = world.api.agentPost("/requests", agent.token(),
                    "{\"amount\": 90.00, \"category\": \"software\", \"description\": \"logs\"}");
            assertEquals(201, pending.status(), pending.body());
            String pendingId = pending.json().get("request_id").asText();
            Resp approved = world.api.post("/v1/requests/" + pendingId + "/approve", owned.ownerKey(), null);
            assertEquals(200, approved.status(), approved.body());
            assertEquals(401, world.api.agentPost("/requests", agent.token() + "x", "{\"amount\": 1}").status());
            assertEquals(200, world.api.get("/v1/account", owned.ownerKey()).status());
        } finally {
            System.setOut(original);
            Observability.sink(null);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);

        // No secret, by value or by shape.
        for (String secret : List.of(agent.token(), owned.ownerKey(), webhookSecret)) {
            assertFalse(logs.contains(secret), "a secret leaked into the logs");
        }
        assertFalse(OWNER_KEY.matcher(logs).find(), "an owner key shape in the logs");
        assertFalse(WEBHOOK_SECRET.matcher(logs).find(), "a webhook secret shape in the logs");
        Matcher m = AGENT_PREFIXED.matcher(logs);
        while (m.find()) assertEquals(agent.id(), m.group(), "only the agent id may carry the token prefix");

        // One JSON line per request, with the API Gateway request id.
        List<JsonNode> requests = new ArrayList<>();
        for (String line : logs.split("\n")) {
            if (line.isBlank()) continue;
            JsonNode j = Json.parseTrusted(line);
            if (j.path("message").asText().startsWith("request ")) requests.add(j);
        }
        assertEquals(6, requests.size(), logs);
        requests.forEach(j -> assertTrue(j.path("api_request_id").asText().length() > 8, j.toString()));
        JsonNode decision = requests.stream()
                .filter(j -> "auto_approved".equals(j.path("outcome").asText())).findFirst().orElseThrow();
        assertEquals(owned.id(), decision.path("account_id").asText());
        assertEquals(agent.id(), decision.path("agent_id").asText());
        assertEquals(201, decision.path("status").asInt());
        assertEquals(3, decision.path("round_trips").asInt(), "the token's first call: lookup, batch, transaction");
        assertNotNull(decision.get("latency_ms"));
        JsonNode second = requests.stream()
                .filter(j -> "pending".equals(j.path("outcome").asText())).findFirst().orElseThrow();
        assertEquals(2, second.path("round_trips").asInt(), "warm: one batch, one transaction");
        JsonNode approve = requests.stream()
                .filter(j -> j.path("route").asText().endsWith("/approve")).findFirst().orElseThrow();
        assertEquals(owned.id(), approve.path("account_id").asText(), "owner calls carry the account");

        // The same flow's metrics: two decisions, by outcome, with latency and round trips.
        Map<String, Double> sums = new HashMap<>();
        emitted.forEach(ms -> ms.values().forEach(v -> sums.merge(v.name(), v.value(), Double::sum)));
        assertEquals(2.0, sums.get(MetricNames.DECISIONS));
        assertEquals(1.0, sums.get(MetricNames.DECISIONS_AUTO_APPROVED));
        assertEquals(1.0, sums.get(MetricNames.DECISIONS_PENDING));
        assertEquals(5.0, sums.get(MetricNames.DECISION_ROUND_TRIPS), "3 cold + 2 warm");
        assertEquals(0.0, sums.get(MetricNames.DECISION_LOST_RACES));
        assertEquals(1.0, sums.get(MetricNames.API_4XX));
        assertTrue(sums.containsKey(MetricNames.DECISION_LATENCY));
    }
}
