package dev.purser.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The local runtime end to end over real HTTP: health, the demo, and a restart on the same data. */
class PurserLocalTest {
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheAgentApiAndKeepsTheDemoAcrossRestarts() throws Exception {
        Path dir = Files.createTempDirectory("purser-local-test");
        String accountId;
        String token;
        try (PurserLocal local = PurserLocal.start(new Options(0, dir, false, false))) {
            String base = "http://localhost:" + local.port();
            assertEquals("{\"status\":\"ok\"}", get(base + "/health", null).body());
            assertTrue(local.demo().created());
            accountId = local.demo().accountId();
            token = local.demo().agentToken();
            var created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/agent-api/requests"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"amount\": 25, \"category\": \"groceries\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            assertTrue(created.body().contains("\"status\":\"auto_approved\""), created.body());
            var notFound = get(base + "/nope", null);
            assertEquals(404, notFound.statusCode());
            assertEquals("{\"detail\":\"Not Found\"}", notFound.body());
        }
        try (PurserLocal again = PurserLocal.start(new Options(0, dir, false, false))) {
            assertFalse(again.demo().created(), "a second demo account was created");
            assertEquals(accountId, again.demo().accountId());
            var budget = get("http://localhost:" + again.port() + "/api/v1/agent-api/budget", token);
            assertEquals(200, budget.statusCode());
            assertTrue(budget.body().contains("\"spent\":\"25.00\""), budget.body());
        }
    }

    /**
     * The runtime writes the functions' JSON line per request (it once wrote nothing: SLF4J 1.7
     * from the embedded engines hid log4j2's SLF4J 2 binding).
     */
    @Test
    void writesTheFunctionsJsonLinePerRequest() throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String accountId;
        try (PurserLocal local = PurserLocal.startInMemory()) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            accountId = local.demo().accountId();
            var created = http.send(HttpRequest.newBuilder(URI.create(local.baseUrl() + "/api/v1/agent-api/requests"))
                    .header("Authorization", "Bearer " + local.demoAgentToken()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"amount\": 5, \"category\": \"groceries\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
        } finally {
            System.setOut(stdout);
        }
        JsonNode line = null;
        for (String l : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (l.contains("route=POST /api/v1/agent-api/requests")) line = new ObjectMapper().readTree(l);
        }
        assertNotNull(line, "no request line in:\n" + captured);
        assertEquals("INFO", line.path("level").asText());
        assertTrue(line.path("message").asText().contains("status=201"), line.toString());
        assertEquals(accountId, line.path("account_id").asText(), line.toString());
        assertFalse(line.path("api_request_id").asText().isEmpty(), line.toString());
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
