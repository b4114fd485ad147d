package dev.purser.functions.owner;

import static dev.purser.functions.owner.Owner.error;
import static dev.purser.functions.owner.Owner.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Issue 11, "bad input that reaches a 500": each is a 4xx with a detail, and nothing is stored. */
@WithLocalAws
class BadInputTest {
    final World world = new World();
    final Owner owner = new Owner(world);
    final JsonNode reg = owner.register(null, "1000", "{\"daily_limit\": 500}");
    final String agentId = reg.get("agent_id").asText();
    final String token = reg.get("token").asText();
    final String policyPath = "/v1/agents/" + agentId + "/policy";

    private static void refused(int status, Resp r) {
        assertEquals(status, r.status(), r.toString());
        assertFalse(r.detail().isEmpty(), r.toString());
    }

    private int requestCount() {
        return world.api.agentGet("/requests?limit=100", token).json().path("requests").size();
    }

    @Test
    void aHugeIdempotencyKeyIsRefusedOnCreateAndConfirm() {
        String key = "k".repeat(1010);
        refused(400, world.api.call("POST", "/api/v1/agent-api/requests", token, "{\"amount\": 5, \"category\": \"gas\"}",
                Map.of("idempotency-key", key)));
        assertEquals(0, requestCount());
        JsonNode created = world.api.agentPost("/requests", token, "{\"amount\": 5, \"category\": \"gas\"}").json();
        String id = created.get("request_id").asText();
        String status = created.get("status").asText();
        refused(400, world.api.call("POST", "/api/v1/agent-api/requests/" + id + "/confirm", token, "{\"success\": true}",
                Map.of("idempotency-key", key)));
        // Not confirmed: the request is still as the decision left it.
        assertEquals(status, world.api.agentGet("/requests/" + id, token).json().get("status").asText(),
                "the refused confirm changed nothing");
        // At the bound it still works (255 bytes).
        assertEquals(201, world.api.call("POST", "/api/v1/agent-api/requests", token,
                "{\"amount\": 5, \"category\": \"gas\"}", Map.of("idempotency-key", "k".repeat(255))).status());
    }

    @Test
    void hugeRequestIdsOnAgentReadsAndConfirm() {
        String id = "r".repeat(3000);
        refused(400, world.api.agentGet("/requests/" + id, token));
        refused(400, world.api.agentPost("/requests/" + id + "/confirm", token, "{\"success\": true}"));
        refused(400, owner.get("/v1/requests/" + id));
        refused(400, owner.post("/v1/requests/" + id + "/approve", "{}"));
    }

    @Test
    void hugeWebhookIdsOnEveryWebhookRoute() {
        String base = "/v1/webhooks/" + "w".repeat(3000);
        refused(400, owner.get(base));
        refused(400, owner.patch(base, "{\"enabled\": false}"));
        refused(400, owner.delete(base));
        refused(400, owner.post(base + "/rotate-secret", null));
        refused(400, owner.post(base + "/test", null));
        refused(400, owner.get(base + "/deliveries"));
    }

    @Test
    void aPolicyOver400KbIsRefusedAndTheOldOneKept() {
        String big = "{\"daily_limit\": 100, \"x402\": {\"note\": \"" + "x".repeat(410_000) + "\"}}";
        refused(413, owner.put(policyPath, big));
        refused(413, owner.patch(policyPath, big));
        // Unknown keys are stored verbatim, so their size is bounded by the body bound (64 KiB).
        refused(413, owner.put(policyPath, "{\"x402\": {\"note\": \"" + "x".repeat(66_000) + "\"}}"));
        assertEquals("{\"daily_limit\":500}", ok(200, owner.get(policyPath)).get("policy").toString());
    }

    @Test
    void aBudgetRuleWithHugeDaysOfWeekIsRefusedOnPostAndPatch() {
        StringBuilder days = new StringBuilder("[");
        for (int i = 0; i < 100_000; i++) days.append(i == 0 ? "" : ",").append(i % 7);
        days.append(']');
        String rule = "{\"name\": \"r\", \"limit_type\": \"daily\", \"limit_amount\": 100, \"days_of_week\": " + days + "}";
        refused(413, owner.post("/v1/account/budget-rules", rule));
        // Under the body bound but over the array bound (1000), then over the field's own bound (7).
        String thousands = "[" + "1,".repeat(1500) + "1]";
        refused(422, owner.post("/v1/account/budget-rules",
                "{\"name\": \"r\", \"limit_type\": \"daily\", \"limit_amount\": 100, \"days_of_week\": " + thousands + "}"));
        assertEquals("days_of_week", error(422, "validation_error", owner.post("/v1/account/budget-rules",
                "{\"name\": \"r\", \"limit_type\": \"daily\", \"limit_amount\": 100, \"days_of_week\": [0,1,2,3,4,5,6,0]}"))
                .get("field").asText());
        assertEquals(0, ok(200, owner.get("/v1/account/budget-rules")).path("data").size()
                + ok(200, owner.get("/v1/account/budget-rules")).path("rules").size());
        JsonNode created = ok(201, owner.post("/v1/account/budget-rules",
                "{\"name\": \"r\", \"limit_type\": \"daily\", \"limit_amount\": 100, \"days_of_week\": [0, 1]}"));
        String id = created.path("id").asText(created.path("rule_id").asText());
        refused(413, owner.patch("/v1/account/budget-rules/" + id, "{\"days_of_week\": " + days + "}"));
        error(422, "validation_error", owner.patch("/v1/account/budget-rules/" + id, "{\"days_of_week\": [0,1,2,3,4,5,6,0]}"));
        assertEquals("[0,1]", ok(200, owner.get("/v1/account/budget-rules/" + id)).get("days_of_week").toString());
    }

    @Test
    void policyPutWithAWhitespaceOrEmptyOrNonObjectBodyIs422AndKeepsThePolicy() {
        for (String body : List.of("   ", "\n\t ", "", "\"text\"", "5", "true", "[]", "[{\"daily_limit\": 1}]")) {
            Resp r = owner.call("PUT", policyPath, body.isEmpty() ? null : body);
            assertEquals(422, r.status(), "PUT " + body + " -> " + r);
            assertEquals("body", r.json().get("field").asText(), r.toString());
        }
        assertEquals("{\"daily_limit\":500}", ok(200, owner.get(policyPath)).get("policy").toString());
        // null still clears, as documented.
        assertTrue(ok(200, owner.put(policyPath, "null")).get("policy").isNull());
    }

    @Test
    void webhookCreateAndUpdateRefuseUnknownFields() {
        JsonNode e = error(422, "validation_error", owner.post("/v1/webhooks",
                "{\"url\": \"http://127.0.0.1:9/h\", \"events\": [\"request.*\"], \"secret\": \"mine\"}"));
        assertEquals("secret", e.get("field").asText());
        assertEquals(0, ok(200, owner.get("/v1/webhooks")).get("data").size());
        JsonNode w = ok(201, owner.post("/v1/webhooks", "{\"url\": \"http://127.0.0.1:9/h\", \"events\": [\"request.*\"]}"));
        String id = w.get("id").asText();
        assertEquals("enabeld", error(422, "validation_error",
                owner.patch("/v1/webhooks/" + id, "{\"enabeld\": false}")).get("field").asText());
        assertTrue(ok(200, owner.get("/v1/webhooks/" + id)).get("enabled").asBoolean());
    }

    @Test
    void manyConcurrentEditsOfOneAccountNeverAnswer500() throws Exception {
        int n = 84;
        StringBuilder aliases = new StringBuilder();
        for (int i = 0; i < n; i++) aliases.append(i == 0 ? "" : ",").append("\"a").append(i).append('"');
        ok(201, owner.post("/v1/account/categories", "{\"name\": \"crowd\", \"aliases\": [" + aliases + "]}"));
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Resp>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String path = "/v1/account/categories/crowd/aliases/a" + i;
                answers.add(pool.submit(() -> owner.delete(path)));
            }
            int deleted = 0;
            for (Future<Resp> f : answers) {
                Resp r = f.get();
                assertTrue(r.status() == 204 || r.status() == 409, r.toString());
                if (r.status() == 409) {
                    assertEquals("1", r.headers().get("retry-after"), r.toString());
                    assertFalse(r.detail().isEmpty());
                } else {
                    deleted++;
                }
            }
            // Every 204 really deleted its alias; a 409 deleted nothing.
            JsonNode cats = ok(200, owner.get("/v1/account/categories"));
            int left = 0;
            for (JsonNode c : cats.path("data").isMissingNode() ? cats.path("categories") : cats.path("data")) {
                if (c.path("name").asText().equals("crowd")) left = c.path("aliases").size();
            }
            assertEquals(n - deleted, left, cats.toString());
        } finally {
            pool.shutdownNow();
        }
    }
}
