package dev.purser.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.accounts.AccountStore;
import dev.purser.accounts.Agent;
import dev.purser.accounts.AgentStore;
import dev.purser.config.AwsClients;
import dev.purser.config.Env;
import dev.purser.config.Purser;
import dev.purser.functions.Handlers;
import dev.purser.functions.InProcessApi;
import dev.purser.functions.events.WebhookDispatchHandler;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.json.Json;
import dev.purser.policy.AgentStatus;
import dev.purser.policy.DefaultCategories;
import dev.purser.testing.LocalAws;
import dev.purser.webhooks.DeliveryStore;
import dev.purser.webhooks.JdkWebhookTransport;
import dev.purser.webhooks.WebhookDispatcher;
import dev.purser.webhooks.WebhookStore;
import dev.purser.webhooks.WebhooksApi;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.purser.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole webhook path on real DynamoDB Local and ElasticMQ: state change + outbox item in one
 * transaction → the table's stream → relay → local bus → queue → dispatcher → a subscriber on
 * 127.0.0.1. Each test uses its own account; the stream and the queue are shared by the class.
 */
class WebhooksEndToEndTest {
    static MutableClock clock;
    static Env env;
    static Purser purser;
    static Handlers handlers;
    static InProcessApi api;
    static SqsClient sqs;
    static String queueUrl;
    static Path positionFile;
    static StreamPoller stream;
    static QueuePoller queue;

    @BeforeAll
    static void start() throws Exception {
        LocalAws aws = LocalAws.get();
        sqs = aws.sqs();
        queueUrl = sqs.createQueue(b -> b.queueName("webhooks-e2e-" + UUID.randomUUID())).queueUrl();
        env = aws.env().with(Env.WEBHOOK_QUEUE_URL, queueUrl);
        clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        purser = new Purser(env, clock, new AwsClients(env).dynamo());
        handlers = new Handlers(purser);
        api = new InProcessApi(handlers);
        positionFile = Files.createTempDirectory("relay").resolve("position.properties");
        stream = newStreamPoller();
        queue = new QueuePoller(sqs, queueUrl, handlers.get(LambdaFunction.WEBHOOK_DISPATCH));
        pump();
    }

    @AfterAll
    static void stop() {
        sqs.deleteQueue(b -> b.queueUrl(queueUrl));
    }

    static StreamPoller newStreamPoller() {
        return new StreamPoller(new AwsClients(env).dynamoStreams(), purser.dynamo(), purser.table(),
                handlers.get(LambdaFunction.OUTBOX_RELAY), positionFile);
    }

    /** Runs the relay and the dispatcher until neither has anything left to do. */
    static void pump() {
        int idle = 0;
        while (idle < 2) {
            int n = stream.pollOnce() + queue.pollOnce(0);
            idle = n == 0 ? idle + 1 : 0;
        }
    }

    // ---- fixture ----

    record Owner(String accountId, String key) {}

    static Owner owner() {
        var created = new AccountStore(purser.dynamo(), purser.table()).create("Hooks " + UUID.randomUUID(), "USD",
                "America/New_York", DefaultCategories.NAMES, purser.now());
        return new Owner(created.account().id(), created.ownerKey());
    }

    record TestAgent(Agent agent, String token) {}

    static TestAgent agent(Owner owner, String policy, String onLimitExceeded) {
        AgentStore agents = new AgentStore(purser.dynamo(), purser.table());
        Agent a = agents.register(owner.accountId(), new AgentStore.Registration(null, "a-" + UUID.randomUUID(), null,
                100_000, policy, onLimitExceeded), purser.now()).agent();
        return new TestAgent(a, agents.createToken(a, "t", purser.now()).secret());
    }

    static HttpResponse call(String method, String path, String bearer, String body) {
        Map<String, String> headers = new HashMap<>();
        if (bearer != null) headers.put("authorization", "Bearer " + bearer);
        if (body != null) headers.put("content-type", "application/json");
        return api.invoke(method, path, null, headers, body, "127.0.0.1");
    }

    static JsonNode json(HttpResponse r) {
        return Json.parseTrusted(r.body());
    }

    static JsonNode subscribe(Owner owner, String url, String... events) {
        var body = Json.object().put("url", url).put("description", "test");
        var arr = body.putArray("events");
        for (String e : events) arr.add(e);
        HttpResponse r = call("POST", "/v1/webhooks", owner.key(), Json.write(body));
        assertEquals(201, r.status(), r.body());
        return json(r);
    }

    static String request(TestAgent agent, String amount) {
        HttpResponse r = call("POST", "/api/v1/agent-api/requests", agent.token(),
                "{\"amount\": " + amount + ", \"category\": \"groceries\", \"merchant_name\": \"Shop\"}");
        assertEquals(201, r.status(), r.body());
        return json(r).get("request_id").asText();
    }

    static void assertSigned(Subscriber.Received m, String secret) throws Exception {
        assertTrue(StandardWebhooksVerifier.verify(secret, m.header("webhook-id"), m.header("webhook-timestamp"),
                m.header("webhook-signature"), m.body(), clock.instant().getEpochSecond()), "signature must verify");
        assertEquals("application/json", m.header("content-type"));
        assertEquals("Purser-Webhooks/1", m.header("user-agent"));
        JsonNode envelope = Json.parseTrusted(m.body());
        assertEquals(m.header("webhook-id"), envelope.get("id").asText());
        assertEquals(m.header("purser-event-type"), envelope.get("type").asText());
    }

    static final String POLICY = "{\"per_request_limit\": 100, \"auto_approve\": {\"enabled\": true, \"max_amount\": 10}}";

    // ---- tests ----

    @Test
    void everyRequestTransitionReachesTheSubscriberSignedAndExactlyOnce() throws Exception {
        Owner owner = owner();
        TestAgent agent = agent(owner, POLICY, null);
        pump(); // agent.registered etc. happened before the subscription
        try (Subscriber sub = new Subscriber()) {
            String secret = subscribe(owner, sub.url(), "request.*").get("secret").asText();
            var lifecycle = purser.lifecycle();
            String auto = request(agent, "5");
            lifecycle.confirm(agent.agent().id(), auto, true, null, null, purser.now());
            String approved = request(agent, "50");
            lifecycle.approve(owner.accountId(), approved, purser.now());
            lifecycle.confirm(agent.agent().id(), approved, false, null, null, purser.now());
            String rejected = request(agent, "50");
            lifecycle.reject(owner.accountId(), rejected, "no", purser.now());
            String expiring = request(agent, "50");
            request(agent, "500"); // refused by the per-request limit
            clock.advance(Duration.ofDays(2));
            lifecycle.expire(lifecycle.get(expiring), purser.now());

            pump();
            Map<String, Integer> types = new TreeMap<>();
            Set<String> ids = new HashSet<>();
            for (Subscriber.Received m : sub.received()) {
                assertSigned(m, secret);
                types.merge(m.header("purser-event-type"), 1, Integer::sum);
                assertTrue(ids.add(m.header("webhook-id")), "each event exactly once");
                if ("request.pending".equals(m.header("purser-event-type"))) {
                    var links = dev.purser.json.Json.parseTrusted(m.body()).path("data").path("links");
                    assertTrue(links.path("approve_url").asText().contains("/v1/actions/"), m.body());
                    assertTrue(links.path("reject_url").asText().contains("/v1/actions/"), m.body());
                }
            }
            assertEquals(Map.of("request.approved", 1, "request.auto_approved", 1, "request.completed", 1,
                    "request.expired", 1, "request.failed", 1, "request.pending", 3, "request.rejected", 2), types);

            // Relaying the whole stream again (a relay that lost its position) re-sends nothing.
            int before = sub.received().size();
            Files.deleteIfExists(positionFile);
            stream = newStreamPoller();
            pump();
            assertEquals(before, sub.received().size());
        }
    }

    @Test
    void anEventWrittenWhileTheRelayIsDownIsDeliveredWhenItComesBack() throws Exception {
        Owner owner = owner();
        TestAgent agent = agent(owner, POLICY, null);
        try (Subscriber sub = new Subscriber()) {
            subscribe(owner, sub.url(), "request.auto_approved");
            pump();
            // The relay "crashes": the state change and its outbox item are committed, nothing is published.
            String id = request(agent, "5");
            stream = null;
            queue.pollOnce(0);
            assertTrue(sub.received().isEmpty());
            // It restarts from its remembered position and finds the event on the stream.
            stream = newStreamPoller();
            pump();
            assertEquals(1, sub.received().size());
            assertEquals(id, Json.parseTrusted(sub.received().get(0).body()).get("data").get("request_id").asText());
        }
    }

    @Test
    void aFailingSubscriberIsRetriedWithBackoffUntilItAnswers2xx() throws Exception {
        Owner owner = owner();
        TestAgent agent = agent(owner, POLICY, null);
        pump();
        try (Subscriber sub = new Subscriber()) {
            JsonNode hook = subscribe(owner, sub.url(), "request.*");
            sub.answer(500, 500, 500);
            request(agent, "5");
            stream.pollOnce();
            var message = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages().get(0);
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId(message.messageId());
            m.setReceiptHandle(message.receiptHandle());
            m.setBody(message.body());
            SQSEvent event = new SQSEvent();
            event.setRecords(List.of(m));
            List<Duration> delays = new ArrayList<>();
            var dispatcher = new WebhookDispatchHandler(new WebhookDispatcher(
                    new WebhookStore(purser.dynamo(), purser.table()), new DeliveryStore(purser.dynamo(), purser.table()),
                    WebhooksApi.urlGuard(env), new JdkWebhookTransport(), clock), (receipt, delay) -> delays.add(delay));

            for (int i = 0; i < 3; i++) {
                SQSBatchResponse r = dispatcher.handleRequest(event, null);
                assertEquals(1, r.getBatchItemFailures().size(), "failed attempt keeps the message");
                // Re-fed before the backoff is over: nothing is sent.
                dispatcher.handleRequest(event, null);
                assertEquals(i + 1, sub.received().size());
                clock.advance(delays.get(delays.size() - 1));
            }
            assertEquals(Duration.ofSeconds(30), delays.get(0));
            assertEquals(Duration.ofMinutes(2), delays.get(2));
            assertEquals(Duration.ofMinutes(10), delays.get(4));
            assertTrue(dispatcher.handleRequest(event, null).getBatchItemFailures().isEmpty(), "delivered");
            assertTrue(dispatcher.handleRequest(event, null).getBatchItemFailures().isEmpty(), "still done");
            assertEquals(4, sub.received().size(), "never re-sent once delivered");
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            Set<String> webhookIds = new HashSet<>();
            sub.received().forEach(x -> webhookIds.add(x.header("webhook-id")));
            assertEquals(1, webhookIds.size(), "webhook-id is stable across retries");

            HttpResponse list = call("GET", "/v1/webhooks/" + hook.get("id").asText() + "/deliveries", owner.key(), null);
            assertEquals(200, list.status(), list.body());
            JsonNode d = json(list).get("data").get(0);
            assertEquals("delivered", d.get("state").asText());
            assertEquals(4, d.get("attempts").asInt());
            assertEquals(200, d.get("last_status_code").asInt());
            assertEquals("request.auto_approved", d.get("event_type").asText());
            assertEquals(4, d.get("attempt_log").size());
            assertEquals(500, d.get("attempt_log").get(0).get("status_code").asInt());
            assertEquals("HTTP 500", d.get("attempt_log").get(0).get("error").asText());
            assertTrue(d.get("next_attempt_at").isNull());
        }
    }

    @Test
    void theTestEndpointReachesOnlyTheSubscriptionItTests() throws Exception {
        Owner owner = owner();
        pump();
        try (Subscriber a = new Subscriber(); Subscriber b = new Subscriber()) {
            JsonNode hookA = subscribe(owner, a.url(), "*");
            String secretB = subscribe(owner, b.url(), "*").get("secret").asText();
            HttpResponse r = call("POST", "/v1/webhooks/" + hookA.get("id").asText() + "/test", owner.key(), null);
            assertEquals(202, r.status(), r.body());
            pump();
            assertEquals(1, a.received().size());
            assertEquals("webhook.test", a.received().get(0).header("purser-event-type"));
            assertSigned(a.received().get(0), hookA.get("secret").asText());
            assertTrue(b.received().isEmpty());
            assertNotEquals(hookA.get("secret").asText(), secretB);
        }
    }

    @Test
    void limitEventsFollowOnLimitExceeded() throws Exception {
        Owner owner = owner();
        String policy = "{\"per_request_limit\": 100, \"daily_limit\": 100, \"auto_approve\": {\"enabled\": true, \"max_amount\": 1000}}";
        TestAgent suspend = agent(owner, policy, "suspend");
        TestAgent quiet = agent(owner, policy, "none");
        pump();
        try (Subscriber sub = new Subscriber()) {
            subscribe(owner, sub.url(), "agent.*");
            request(suspend, "70");   // 70% of the daily limit: nothing yet
            request(suspend, "15");   // 85%: crosses 80%
            request(suspend, "5");    // 90%: already past, no second event
            request(suspend, "500");  // refused by limits: exceeded, then paused
            request(quiet, "500");    // on_limit_exceeded none: nothing
            pump();
            List<String> types = sub.received().stream().map(m -> m.header("purser-event-type")).sorted().toList();
            assertEquals(List.of("agent.limit_approaching", "agent.limit_exceeded", "agent.updated"), types);
            for (Subscriber.Received m : sub.received()) {
                JsonNode data = Json.parseTrusted(m.body()).get("data");
                if (m.header("purser-event-type").equals("agent.limit_approaching")) {
                    assertEquals("daily_limit", data.get("limit").asText());
                }
                if (m.header("purser-event-type").equals("agent.updated")) {
                    assertEquals("paused", data.get("status").asText());
                }
            }
            Agent after = new AgentStore(purser.dynamo(), purser.table()).get(suspend.agent().id());
            assertEquals(AgentStatus.PAUSED, after.status());
            assertEquals(AgentStatus.ACTIVE, new AgentStore(purser.dynamo(), purser.table()).get(quiet.agent().id()).status());
        }
    }

    @Test
    void anotherAccountsWebhooksAreNotFound() {
        Owner mine = owner();
        Owner theirs = owner();
        String id = subscribe(mine, "http://127.0.0.1:9/hook", "request.*").get("id").asText();
        for (String[] route : new String[][] {{"GET", ""}, {"PATCH", ""}, {"DELETE", ""}, {"POST", "/rotate-secret"},
                {"POST", "/test"}, {"GET", "/deliveries"}}) {
            HttpResponse r = call(route[0], "/v1/webhooks/" + id + route[1], theirs.key(),
                    route[0].equals("PATCH") ? "{\"enabled\": false}" : null);
            assertEquals(404, r.status(), route[0] + route[1] + ": " + r.body());
            assertEquals("not_found", json(r).get("code").asText());
        }
        assertEquals(0, json(call("GET", "/v1/webhooks", theirs.key(), null)).get("data").size());
        JsonNode mineList = json(call("GET", "/v1/webhooks", mine.key(), null)).get("data");
        assertEquals(1, mineList.size());
        assertFalse(mineList.get(0).has("secret"), "the secret is shown once only");
    }

    @Test
    void subscriptionsAreValidatedAndManaged() {
        Owner owner = owner();
        HttpResponse bad = call("POST", "/v1/webhooks", owner.key(), "{\"url\": \"ftp://example.com/x\", \"events\": [\"request.*\"]}");
        assertEquals(422, bad.status());
        assertEquals("invalid_url", json(bad).get("code").asText());
        HttpResponse typo = call("POST", "/v1/webhooks", owner.key(), "{\"url\": \"http://127.0.0.1:9/\", \"events\": [\"request.aproved\"]}");
        assertEquals(422, typo.status());
        assertEquals("invalid_events", json(typo).get("code").asText());
        assertEquals(401, call("GET", "/v1/webhooks", "pk_nope", null).status());

        JsonNode hook = subscribe(owner, "http://127.0.0.1:9/hook", "request.*", "agent.token.*");
        String path = "/v1/webhooks/" + hook.get("id").asText();
        assertTrue(hook.get("secret").asText().startsWith("whsec_"));
        JsonNode patched = json(call("PATCH", path, owner.key(), "{\"enabled\": false, \"events\": [\"agent.*\"]}"));
        assertFalse(patched.get("enabled").asBoolean());
        assertEquals("agent.*", patched.get("events").get(0).asText());
        JsonNode rotated = json(call("POST", path + "/rotate-secret", owner.key(), null));
        assertNotEquals(hook.get("secret").asText(), rotated.get("secret").asText());
        assertEquals(204, call("DELETE", path, owner.key(), null).status());
        assertEquals(404, call("GET", path, owner.key(), null).status());
    }

    @Test
    void privateAddressesAreRefusedUnlessTheDeploymentAllowsThem() {
        Owner owner = owner();
        // Both switches off: a local runtime started earlier in this JVM may have set the loopback one.
        Purser strict = new Purser(env.with(Env.ALLOW_PRIVATE_WEBHOOK_URLS, "false").with(Env.ALLOW_LOOPBACK_WEBHOOK_URLS, "false"),
                clock, purser.dynamo());
        InProcessApi strictApi = new InProcessApi(new Handlers(strict));
        for (String url : List.of("http://127.0.0.1/x", "http://localhost/x", "http://10.1.2.3/x", "http://192.168.1.1/x",
                "http://169.254.169.254/latest/meta-data", "http://[::1]/x", "http://0.0.0.0/x", "http://[fd00::1]/x")) {
            HttpResponse r = strictApi.invoke("POST", "/v1/webhooks", null, Map.of("authorization", "Bearer " + owner.key()),
                    "{\"url\": \"" + url + "\", \"events\": [\"*\"]}", "127.0.0.1");
            assertEquals(422, r.status(), url + ": " + r.body());
            assertEquals("invalid_url", json(r).get("code").asText());
        }
        // Allowed where the deployment says so (the local runtime, these tests).
        subscribe(owner, "http://127.0.0.1:9/hook", "*");
    }
}
