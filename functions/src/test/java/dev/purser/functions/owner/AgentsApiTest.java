package dev.purser.functions.owner;

import static dev.purser.functions.owner.Owner.error;
import static dev.purser.functions.owner.Owner.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@WithLocalAws
class AgentsApiTest {
    final World world = new World();
    final Owner owner = new Owner(world);

    @Test
    void registrationIsIdempotentByExternalId() {
        JsonNode first = owner.register("shopper-1", "100", null);
        assertTrue(first.get("created").asBoolean());
        assertTrue(first.get("token").asText().startsWith("agt_"));
        assertTrue(first.get("agent_id").asText().startsWith("agent_"), "agent ids are not token-shaped");
        assertEquals("100.00", first.get("budget").asText());
        assertEquals("none", first.get("on_limit_exceeded").asText());
        JsonNode again = ok(200, owner.post("/v1/agents/register", "{\"name\": \"other\", \"external_id\": \"shopper-1\"}"));
        assertFalse(again.get("created").asBoolean());
        assertTrue(again.get("token").isNull());
        assertEquals(first.get("agent_id"), again.get("agent_id"));
        assertEquals("bot", again.get("name").asText(), "the existing agent is returned unchanged");
        // The first token works.
        assertEquals(200, world.api.agentGet("/budget", first.get("token").asText()).status());
    }

    @Test
    void concurrentRegistrationsMakeOneAgent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Resp>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            futures.add(pool.submit(() -> {
                go.await();
                return owner.post("/v1/agents/register", "{\"name\": \"bot\", \"external_id\": \"racer\"}");
            }));
        }
        go.countDown();
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (Future<Resp> f : futures) {
            Resp r = f.get(60, TimeUnit.SECONDS);
            assertTrue(r.status() == 200 || r.status() == 201, r.toString());
            ids.add(r.json().get("agent_id").asText());
            if (r.json().get("created").asBoolean()) created++;
        }
        pool.shutdown();
        assertEquals(1, ids.size());
        assertEquals(1, created);
        assertEquals(1, ok(200, owner.get("/v1/agents?external_id=racer")).get("agents").size());
        assertEquals(1, ok(200, owner.get("/v1/agents")).get("agents").size());
    }

    @Test
    void registrationValidation() {
        assertEquals("name", error(422, "validation_error", owner.post("/v1/agents/register", "{}")).get("field").asText());
        assertEquals("budget", error(422, "validation_error", owner.post("/v1/agents/register", "{\"name\": \"a\", \"budget\": -1}")).get("field").asText());
        error(422, "validation_error", owner.post("/v1/agents/register", "{\"name\": \"a\", \"budget\": \"1.001\"}"));
        error(422, "validation_error", owner.post("/v1/agents/register", "{\"name\": \"a\", \"on_limit_exceeded\": \"explode\"}"));
        assertEquals("policy.daily_limit", error(422, "validation_error",
                owner.post("/v1/agents/register", "{\"name\": \"a\", \"policy\": {\"daily_limit\": -5}}")).get("field").asText());
        error(422, "validation_error", owner.post("/v1/agents/register", "{\"name\": \"a\", \"external_id\": \"" + "x".repeat(256) + "\"}"));
    }

    @Test
    void listFiltersAndPaginates() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(owner.register("e" + i, "10", null).get("agent_id").asText());
            world.clock.advance(java.time.Duration.ofSeconds(1));
        }
        ok(200, owner.patch("/v1/agents/" + ids.get(1), "{\"status\": \"paused\"}"));
        JsonNode page1 = ok(200, owner.get("/v1/agents?limit=2"));
        assertEquals(2, page1.get("agents").size());
        assertEquals(ids.get(4), page1.get("agents").get(0).get("agent_id").asText(), "newest first");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = ok(200, owner.get("/v1/agents?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)));
            page.get("agents").forEach(a -> seen.add(a.get("agent_id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertEquals(List.of(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0)), seen);
        JsonNode paused = ok(200, owner.get("/v1/agents?status=paused")).get("agents");
        assertEquals(1, paused.size());
        assertEquals(ids.get(1), paused.get(0).get("agent_id").asText());
        assertEquals(ids.get(3), ok(200, owner.get("/v1/agents?external_id=e3")).get("agents").get(0).get("agent_id").asText());
        assertEquals(0, ok(200, owner.get("/v1/agents?external_id=e3&status=paused")).get("agents").size());
        assertEquals(0, ok(200, owner.get("/v1/agents?external_id=nobody")).get("agents").size());
        error(422, "validation_error", owner.get("/v1/agents?status=sleeping"));
        error(422, "validation_error", owner.get("/v1/agents?limit=0"));
        error(422, "validation_error", owner.get("/v1/agents?limit=abc"));
        assertEquals("cursor", error(422, "validation_error", owner.get("/v1/agents?cursor=garbage")).get("field").asText());
    }

    @Test
    void getAndPatch() {
        JsonNode reg = owner.register("p", "100", null);
        String id = reg.get("agent_id").asText();
        String token = reg.get("token").asText();
        assertEquals(id, ok(200, owner.get("/v1/agents/" + id)).get("agent_id").asText());
        JsonNode p = ok(200, owner.patch("/v1/agents/" + id,
                "{\"name\": \"renamed\", \"description\": \"buys things\", \"budget\": \"250.50\", \"on_limit_exceeded\": \"suspend\"}"));
        assertEquals("renamed", p.get("name").asText());
        assertEquals("buys things", p.get("description").asText());
        assertEquals("250.50", p.get("budget").asText());
        assertEquals("250.50", p.get("remaining").asText());
        assertEquals("suspend", p.get("on_limit_exceeded").asText());
        ok(200, owner.patch("/v1/agents/" + id, "{\"status\": \"paused\"}"));
        assertEquals("Agent is paused", world.api.agentGet("/budget", token).detail());
        ok(200, owner.patch("/v1/agents/" + id, "{\"status\": \"active\"}"));
        assertEquals(200, world.api.agentGet("/budget", token).status());
        assertEquals("status", error(422, "validation_error", owner.patch("/v1/agents/" + id, "{\"status\": \"archived\"}")).get("field").asText());
        error(422, "validation_error", owner.patch("/v1/agents/" + id, "{\"budget\": -1}"));
        error(422, "validation_error", owner.patch("/v1/agents/" + id, "{\"policy\": {}}"));
        error(404, "agent_not_found", owner.get("/v1/agents/agent_nope"));
        error(404, "agent_not_found", owner.get("/v1/agents/" + "x".repeat(500)));
        error(404, "agent_not_found", owner.patch("/v1/agents/agent_nope", "{\"name\": \"x\"}"));
    }

    @Test
    void deregisterArchivesRevokesAndFreesTheExternalId() {
        JsonNode reg = owner.register("worker", "100", null);
        String id = reg.get("agent_id").asText();
        String first = reg.get("token").asText();
        String second = ok(201, owner.post("/v1/agents/" + id + "/tokens", "{\"name\": \"ci\"}")).get("token").asText();
        JsonNode out = ok(200, owner.post("/v1/agents/" + id + "/deregister", null));
        assertEquals("archived", out.get("status").asText());
        assertEquals(2, out.get("tokens_revoked").asInt());
        assertEquals(401, world.api.agentGet("/budget", first).status());
        assertEquals(401, world.api.agentGet("/budget", second).status());
        ok(200, owner.get("/v1/agents/" + id + "/tokens")).get("tokens").forEach(t -> assertFalse(t.get("active").asBoolean()));
        // Repeating is harmless.
        assertEquals(0, ok(200, owner.post("/v1/agents/" + id + "/deregister", null)).get("tokens_revoked").asInt());
        error(409, "agent_archived", owner.patch("/v1/agents/" + id, "{\"name\": \"x\"}"));
        error(409, "agent_archived", owner.post("/v1/agents/" + id + "/tokens", "{}"));
        // The external id is free again: a new agent.
        JsonNode again = owner.register("worker", "5", null);
        assertNotEquals(id, again.get("agent_id").asText());
        assertEquals(again.get("agent_id"), ok(200, owner.get("/v1/agents?external_id=worker")).get("agents").get(0).get("agent_id"));
        assertEquals(1, ok(200, owner.get("/v1/agents?status=archived")).get("agents").size());
    }

    @Test
    void tokensCreateListRevoke() {
        JsonNode reg = owner.register(null, "100", null);
        String id = reg.get("agent_id").asText();
        JsonNode created = ok(201, owner.post("/v1/agents/" + id + "/tokens", "{\"name\": \"staging\"}"));
        String token = created.get("token").asText();
        assertTrue(token.startsWith("agt_"));
        assertEquals(token.substring(0, 12), created.get("prefix").asText());
        assertEquals(200, world.api.agentGet("/budget", token).status());
        JsonNode tokens = ok(200, owner.get("/v1/agents/" + id + "/tokens")).get("tokens");
        assertEquals(2, tokens.size());
        assertFalse(tokens.toString().contains(token));
        JsonNode staging = tokens.get(0).get("name").asText().equals("staging") ? tokens.get(0) : tokens.get(1);
        assertEquals(created.get("token_id"), staging.get("token_id"));
        assertTrue(staging.get("active").asBoolean());
        assertFalse(staging.get("last_used_at") == null);
        JsonNode revoked = ok(200, owner.delete("/v1/agents/" + id + "/tokens/" + created.get("token_id").asText()));
        assertFalse(revoked.get("active").asBoolean());
        // Refused on the very next call; the other token still works.
        assertEquals(401, world.api.agentGet("/budget", token).status());
        assertEquals(200, world.api.agentGet("/budget", reg.get("token").asText()).status());
        error(404, "token_not_found", owner.delete("/v1/agents/" + id + "/tokens/tok_nope"));
        error(422, "validation_error", owner.post("/v1/agents/" + id + "/tokens", "{\"name\": 5}"));
    }

    @Test
    void spendingOverviewPerWindow() {
        JsonNode reg = owner.register(null, "100", "{\"daily_limit\": 50, \"monthly_limit\": \"500.00\", \"auto_approve\": {\"enabled\": true, \"max_amount\": 20}}");
        String token = reg.get("token").asText();
        String id = reg.get("agent_id").asText();
        assertEquals("auto_approved", world.api.agentPost("/requests", token, "{\"amount\": 10, \"category\": \"groceries\"}").json().get("status").asText());
        assertEquals("pending", world.api.agentPost("/requests", token, "{\"amount\": 25, \"category\": \"groceries\"}").json().get("status").asText());
        JsonNode s = ok(200, owner.get("/v1/agents/" + id + "/spending"));
        JsonNode daily = s.get("windows").get("daily");
        assertEquals("2026-11-23", daily.get("period").asText());
        assertEquals("50.00", daily.get("limit").asText());
        assertEquals("10.00", daily.get("spent").asText());
        assertEquals("25.00", daily.get("held").asText());
        assertEquals("15.00", daily.get("remaining").asText());
        JsonNode weekly = s.get("windows").get("weekly");
        assertEquals("2026-W48", weekly.get("period").asText());
        assertTrue(weekly.get("limit").isNull());
        assertTrue(weekly.get("remaining").isNull());
        assertEquals("10.00", weekly.get("spent").asText());
        assertEquals("465.00", s.get("windows").get("monthly").get("remaining").asText());
        JsonNode budget = s.get("budget");
        assertEquals("100.00", budget.get("limit").asText());
        assertEquals("65.00", budget.get("remaining").asText());
        assertEquals("USD", s.get("currency").asText());
    }
}
