package dev.purser.functions.mandates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.commit.Commit;
import dev.purser.commit.CommitOutcome;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.mandates.ExecutionToken;
import dev.purser.mandates.Mandates;
import dev.purser.testing.WithLocalAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@WithLocalAws
class MandatesTest {
    final World world = new World();
    final World.OwnedAccount owned = world.ownedAccount();
    final World.TestAgent agent = world.agent(owned.account(), 100, null);
    final Mandates mandates = new Mandates(world.purser.dynamo(), world.purser.table(), world.purser.clock());

    Resp owner(String method, String path, String body) {
        return world.api.call(method, path, owned.ownerKey(), body, Map.of());
    }

    static JsonNode ok(int status, Resp r) {
        assertEquals(status, r.status(), r.toString());
        return r.json();
    }

    String terms(String extra) {
        return "{\"agent\": \"" + agent.id() + "\", \"actions\": [\"payment\", \"x402\"], \"per_use_limit\": 25, "
                + "\"total_limit\": 100, \"currencies\": [\"usd\"], \"payees\": [\"*.example.com\"], "
                + "\"categories\": [\"api\"], \"approval_threshold\": 20" + extra + "}";
    }

    @Test
    void createGetAndUpdateAreSignedVersions() {
        JsonNode m = ok(201, owner("POST", "/v1/mandates", terms(", \"valid_until\": \"2027-01-01T00:00:00Z\"")));
        String id = m.get("mandate_id").asText();
        assertEquals(1, m.get("version").asInt());
        assertEquals("25.00", m.get("per_use_limit").asText());
        assertEquals("USD", m.get("currencies").get(0).asText());
        String canonical = m.get("signature").get("canonical").asText();
        assertTrue(canonical.startsWith("{\"account_id\""), "keys sorted: " + canonical);
        assertTrue(mandates.signer().verify(canonical, m.get("signature").get("value").asText()));
        assertFalse(mandates.signer().verify(canonical.replace("25.00", "2500.00"), m.get("signature").get("value").asText()),
                "a changed document does not verify");
        assertEquals(m, ok(200, owner("GET", "/v1/mandates/" + id, null)));

        JsonNode v2 = ok(200, owner("PUT", "/v1/mandates/" + id, terms(", \"status\": \"revoked\"")));
        assertEquals(2, v2.get("version").asInt());
        assertEquals("revoked", v2.get("status").asText());
        assertNotEquals(m.get("signature").get("value"), v2.get("signature").get("value"));
        assertTrue(mandates.signer().verify(v2.get("signature").get("canonical").asText(), v2.get("signature").get("value").asText()));
    }

    @Test
    void refusals() {
        assertEquals("agent", ok(422, owner("POST", "/v1/mandates", terms("").replace(agent.id(), "agent_nope"))).get("field").asText());
        assertEquals("actions", ok(422, owner("POST", "/v1/mandates", terms("").replace("\"x402\"", "\"steal\""))).get("field").asText());
        assertEquals("per_use_limit", ok(422, owner("POST", "/v1/mandates", terms("").replace("\"total_limit\": 100", "\"total_limit\": 10")))
                .get("field").asText());
        assertEquals(404, owner("GET", "/v1/mandates/mdt_nope", null).status());
        String id = ok(201, owner("POST", "/v1/mandates", terms(""))).get("mandate_id").asText();
        World.OwnedAccount other = world.ownedAccount();
        assertEquals(404, world.api.call("GET", "/v1/mandates/" + id, other.ownerKey(), null, Map.of()).status());
        assertEquals(403, world.api.call("GET", "/v1/mandates/" + id, agent.token(), null, Map.of()).status());
        var otherAgent = world.agent(owned.account(), 10, null);
        assertEquals("agent", ok(422, owner("PUT", "/v1/mandates/" + id, terms("").replace(agent.id(), otherAgent.id())))
                .get("field").asText());
    }

    @Test
    void executionTokensAreBoundShortLivedAndSingleUse() throws Exception {
        String id = ok(201, owner("POST", "/v1/mandates", terms(""))).get("mandate_id").asText();
        JsonNode t = ok(201, world.api.call("POST", "/v1/mandates/" + id + "/execution-tokens", agent.token(),
                "{\"action\": \"payment\", \"audience\": \"https://shop.example.com\"}", Map.of()));
        String secret = t.get("token").asText();
        assertTrue(secret.startsWith("ext_"));
        assertEquals(world.purser.now().plus(Duration.ofMinutes(5)).toString().substring(0, 16),
                java.time.Instant.parse(t.get("expires_at").asText()).toString().substring(0, 16));
        assertEquals("action", ok(422, owner("POST", "/v1/mandates/" + id + "/execution-tokens",
                "{\"action\": \"payout\", \"audience\": \"x\"}")).get("field").asText(), "payout is not in the mandate");
        assertEquals("ttl_seconds", ok(422, owner("POST", "/v1/mandates/" + id + "/execution-tokens",
                "{\"action\": \"payment\", \"audience\": \"x\", \"ttl_seconds\": 301}")).get("field").asText());
        var otherAgent = world.agent(owned.account(), 10, null);
        assertEquals(404, world.api.call("POST", "/v1/mandates/" + id + "/execution-tokens", otherAgent.token(),
                "{\"action\": \"payment\", \"audience\": \"x\"}", Map.of()).status());

        ExecutionToken token = mandates.findToken(secret).orElseThrow();
        // Wrong audience or agent: the consumption's condition fails; the token stays usable.
        assertFalse(consume(token, agent.id(), "https://evil.example.com").committed());
        assertFalse(consume(token, otherAgent.id(), "https://shop.example.com").committed());
        // Two payments race with one token: exactly one consumes it.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<CommitOutcome>> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racers.add(pool.submit(() -> {
                go.await();
                return consume(token, agent.id(), "https://shop.example.com");
            }));
        }
        go.countDown();
        int committed = 0;
        for (var f : racers) if (f.get().committed()) committed++;
        pool.shutdown();
        assertEquals(1, committed);
        assertTrue(mandates.findToken(secret).orElseThrow().used());

        // Expired: refused even if unused.
        String late = ok(201, owner("POST", "/v1/mandates/" + id + "/execution-tokens",
                "{\"action\": \"x402\", \"audience\": \"a\", \"ttl_seconds\": 60}")).get("token").asText();
        world.clock.advance(Duration.ofSeconds(61));
        assertFalse(consume(mandates.findToken(late).orElseThrow(), agent.id(), "a").committed());

        ok(200, owner("PUT", "/v1/mandates/" + id, terms(", \"status\": \"revoked\"")));
        assertEquals("mandate_not_usable", ok(409, owner("POST", "/v1/mandates/" + id + "/execution-tokens",
                "{\"action\": \"payment\", \"audience\": \"x\"}")).get("code").asText());
    }

    private CommitOutcome consume(ExecutionToken t, String agentId, String audience) {
        return Commit.in(world.purser.table())
                .update("execution-token", mandates.consumption(t, agentId, t.action(), audience, world.purser.now()))
                .run(world.purser.dynamo());
    }
}
