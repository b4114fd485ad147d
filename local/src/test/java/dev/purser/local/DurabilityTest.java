package dev.purser.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.config.AwsClients;
import dev.purser.config.Env;
import dev.purser.json.Json;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.webhooks.DeliveryStore;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Issue 11: what the local runtime keeps private, and what it resumes after a restart. */
class DurabilityTest {
    final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void theDataDirectoryAndItsSecretsAreOwnerOnly() throws Exception {
        Path dir = tmp.resolve("fresh/data");
        try (PurserLocal local = PurserLocal.start(new Options(0, dir, false, false))) {
            assertEquals("rwx------", perms(dir));
            assertEquals("rwx------", perms(dir.resolve("dynamodb")));
            assertEquals("rw-------", perms(dir.resolve("demo-credentials.json")));
            assertEquals("rw-------", perms(dir.resolve("link-signing-secret")));
        }
        // A directory an older version left open is tightened at the next start.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("demo-credentials.json"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir.resolve("link-signing-secret"), PosixFilePermissions.fromString("rw-r--r--"));
        try (PurserLocal again = PurserLocal.start(new Options(0, dir, false, false))) {
            assertFalse(again.demo().created());
            assertEquals("rwx------", perms(dir));
            assertEquals("rw-------", perms(dir.resolve("demo-credentials.json")));
            assertEquals("rw-------", perms(dir.resolve("link-signing-secret")));
        }
    }

    @Test
    void everyEngineListensOnLoopbackOnly() throws Exception {
        List<InetAddress> others = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (!a.isLoopbackAddress() && a instanceof Inet4Address) others.add(a);
            }
        }
        try (PurserLocal local = PurserLocal.start(new Options(0, null, true, false))) {
            int dynamoPort = URI.create(local.dynamoEndpoint()).getPort();
            int sqsPort = URI.create(System.getProperty("AWS_ENDPOINT_URL_SQS")).getPort();
            assertEquals("127.0.0.1", URI.create(local.dynamoEndpoint()).getHost());
            for (int port : new int[] {dynamoPort, sqsPort, local.port()}) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                }
                for (InetAddress a : others) {
                    assertThrows(IOException.class, () -> {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress(a, port), 2000);
                        }
                    }, "port " + port + " answers on " + a);
                }
            }
        }
    }

    @Test
    @Timeout(180)
    void aFailedDeliveryIsRetriedAfterACleanRestart() throws Exception {
        Path dir = tmp.resolve("data");
        try (Subscriber subscriber = new Subscriber()) {
            subscriber.answer(500);
            String webhookId;
            String eventId;
            try (PurserLocal local = PurserLocal.start(new Options(0, dir, false, false, true))) {
                String base = "http://127.0.0.1:" + local.port();
                var hook = post(base + "/v1/webhooks", local.demo().ownerKey(),
                        "{\"url\": \"" + subscriber.url() + "\", \"events\": [\"request.*\"]}");
                assertEquals(201, hook.statusCode(), hook.body());
                webhookId = Json.parseTrusted(hook.body()).path("id").asText();
                var created = post(base + "/api/v1/agent-api/requests", local.demo().agentToken(),
                        "{\"amount\": 5, \"category\": \"groceries\"}");
                assertEquals(201, created.statusCode(), created.body());
                while (subscriber.received().isEmpty()) Thread.sleep(50);
                eventId = subscriber.received().get(0).header("webhook-id");
                // The first attempt failed; its retry is due in 30 s. Make it due now, then stop.
                var deliveries = new DeliveryStore(new AwsClients(Env.system()).dynamo(), PurserLocal.tableName());
                while (deliveries.get(webhookId, eventId) == null) Thread.sleep(50);
                String past = dev.purser.time.Times.stored(Instant.now().minusSeconds(5));
                new AwsClients(Env.system()).dynamo().updateItem(b -> b.tableName(PurserLocal.tableName())
                        .key(Map.of(TableDefinition.PK, AttributeValue.fromS(Keys.webhook(webhookId)),
                                TableDefinition.SK, AttributeValue.fromS(Keys.deliverySk(eventId))))
                        .updateExpression("SET next_attempt_at = :t, #d = :d")
                        .expressionAttributeNames(Map.of("#d", TableDefinition.DUE_AT))
                        .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(past),
                                ":d", AttributeValue.fromS(past + "#" + webhookId + "#" + eventId))));
                assertEquals(1, subscriber.received().size());
            }
            // The queue (in memory) is gone with the message; the delivery record remembers.
            try (PurserLocal again = PurserLocal.start(new Options(0, dir, false, false, true))) {
                while (subscriber.received().size() < 2) Thread.sleep(50);
                assertEquals(eventId, subscriber.received().get(1).header("webhook-id"));
                var deliveries = new DeliveryStore(new AwsClients(Env.system()).dynamo(), PurserLocal.tableName());
                var d = deliveries.get(webhookId, eventId);
                while (d.state().wire().equals("pending")) {
                    Thread.sleep(50);
                    d = deliveries.get(webhookId, eventId);
                }
                assertEquals("delivered", d.state().wire());
                assertEquals(2, d.attempts());
                assertTrue(deliveries.due(Instant.now(), 10).isEmpty(), "a delivered one leaves the due index");
            }
        }
    }

    private HttpResponse<String> post(String url, String bearer, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
