package dev.purser.functions.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.config.Env;
import dev.purser.functions.InProcessApi;
import dev.purser.functions.support.World;
import dev.purser.http.HttpResponse;
import dev.purser.json.Json;
import dev.purser.testing.LocalAws;
import dev.purser.testing.WithLocalAws;
import dev.purser.throttle.Throttles;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Per-source and per-credential-prefix limits on failed authentication (a valid credential is
 * always answered: issue 23) and the owner API's per-account rate limit (issue 11, Exposure). Limits are small here (5) and every test uses its own source address, because the
 * counters live in the shared table, as they do across Lambda containers.
 */
@WithLocalAws
class ThrottleTest {
    static final int LIMIT = 5;
    final Env env = LocalAws.get().env().with(Throttles.AUTH_FAILURES_PER_MINUTE, String.valueOf(LIMIT))
            .with(Throttles.OWNER_CALLS_PER_MINUTE, String.valueOf(LIMIT));
    final World world = new World(env, World.START.plusSeconds(30)); // 30 s before the minute ends
    final InProcessApi api = new InProcessApi(world.handlers);
    final String source = "198.51.100." + (1 + (int) (Math.random() * 250)) + "-" + UUID.randomUUID();

    private HttpResponse call(InProcessApi through, String method, String path, String bearer, String body) {
        return through.invoke(method, path, null, bearer == null ? Map.of() : Map.of("authorization", "Bearer " + bearer),
                body, source);
    }

    private static void tooMany(HttpResponse r) {
        assertEquals(429, r.status(), r.body());
        assertEquals("30", r.headers().get("retry-after"), "seconds until the minute ends");
        assertFalse(Json.parseTrusted(r.body()).path("detail").asText().isEmpty());
    }

    @Test
    void wrongAgentTokensFromOneSourceAreThrottledButTheRightOneIsAnsweredNormally() {
        var account = world.account();
        var agent = world.agent(account, 100, null);
        for (int i = 0; i < LIMIT; i++) {
            assertEquals(401, call(api, "GET", "/api/v1/agent-api/budget", "agt_wrong" + i, null).status());
        }
        tooMany(call(api, "GET", "/api/v1/agent-api/budget", "agt_wrong", null));
        // Throttled: failures stay refused, but agents sharing the address are not locked out (issue 23).
        assertEquals(200, call(api, "GET", "/api/v1/agent-api/budget", agent.token(), null).status());
        assertEquals(201, call(api, "POST", "/api/v1/agent-api/requests", agent.token(), "{\"amount\": 1, \"category\": \"gas\"}").status());
        tooMany(call(api, "GET", "/api/v1/agent-api/budget", "agt_wrong", null));
        // The next minute the source may fail again.
        world.clock.advance(Duration.ofSeconds(31));
        assertEquals(401, call(api, "GET", "/api/v1/agent-api/budget", "agt_wrong", null).status());
    }

    @Test
    void failuresAreLimitedPerCredentialPrefixAcrossSources() {
        var agent = world.agent(world.account(), 100, null);
        String prefix = agent.token().substring(0, 12);
        for (int i = 0; i < LIMIT; i++) {
            HttpResponse r = api.invoke("GET", "/api/v1/agent-api/budget", null,
                    Map.of("authorization", "Bearer " + prefix + "x".repeat(42) + i), null, source + "-" + i);
            assertEquals(401, r.status(), r.body());
        }
        tooMany(api.invoke("GET", "/api/v1/agent-api/budget", null,
                Map.of("authorization", "Bearer " + prefix + "y".repeat(43)), null, source + "-new"));
        // The real credential with that prefix is still answered normally.
        assertEquals(200, api.invoke("GET", "/api/v1/agent-api/budget", null,
                Map.of("authorization", "Bearer " + agent.token()), null, source + "-new").status());
    }

    @Test
    void theLimitHoldsAcrossContainersBecauseTheCounterIsInTheTable() {
        var owned = world.ownedAccount();
        // A second "container": its own handlers and memory, the same table.
        World other = new World(env, World.START.plusSeconds(30));
        InProcessApi otherApi = new InProcessApi(other.handlers);
        for (int i = 0; i < LIMIT; i++) {
            InProcessApi through = i % 2 == 0 ? api : otherApi;
            assertEquals(401, call(through, "GET", "/v1/account", "pk_wrong" + i, null).status());
        }
        tooMany(call(otherApi, "GET", "/v1/account", "pk_wrong", null));
        tooMany(call(api, "GET", "/v1/account", "pk_wrong", null));
        assertEquals(200, call(api, "GET", "/v1/account", owned.ownerKey(), null).status());
    }

    @Test
    void missingCredentialsCountToo() {
        for (int i = 0; i < LIMIT; i++) assertEquals(401, call(api, "GET", "/v1/webhooks", null, null).status());
        tooMany(call(api, "GET", "/v1/webhooks", null, null));
    }

    @Test
    void theOwnerApiIsRateLimitedPerAccount() {
        var owned = world.ownedAccount();
        var another = world.ownedAccount();
        for (int i = 0; i < LIMIT; i++) assertEquals(200, call(api, "GET", "/v1/account", owned.ownerKey(), null).status());
        HttpResponse r = call(api, "GET", "/v1/account", owned.ownerKey(), null);
        tooMany(r);
        assertTrue(Json.parseTrusted(r.body()).get("detail").asText().contains("rate limit"), r.body());
        // Per account, not per source: another account from the same source is served.
        assertEquals(200, call(api, "GET", "/v1/account", another.ownerKey(), null).status());
        // A refused write changes nothing.
        tooMany(call(api, "PATCH", "/v1/account", owned.ownerKey(), "{\"name\": \"changed\"}"));
        world.clock.advance(Duration.ofSeconds(31));
        assertEquals(owned.account().name(), Json.parseTrusted(call(api, "GET", "/v1/account", owned.ownerKey(), null).body())
                .get("name").asText());
    }
}
