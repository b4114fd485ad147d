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
 * Per-source limits on failed authentication and the owner API's per-account rate limit (issue 11,
 * Exposure). Limits are small here (5) and every test uses its own source address, because the
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
    void wrongAgentTokensFromOneSourceAreThrottledAndThenEvenTheRightOneIsRefused() {
        var account = world.account();
        var agent = world.agent(account, 100, null);
        for (int i = 0; i < LIMIT; i++) {
            assertEquals(401, call(api, "GET", "/api/v1/agent-api/budget", "agt_wrong" + i, null).status());
        }
        tooMany(call(api, "GET", "/api/v1/agent-api/budget", "agt_wrong", null));
        // Throttled: a correct token from this source is refused too, without being looked at.
        tooMany(call(api, "GET", "/api/v1/agent-api/budget", agent.token(), null));
        tooMany(call(api, "POST", "/api/v1/agent-api/requests", agent.token(), "{\"amount\": 1, \"category\": \"gas\"}"));
        assertEquals(0, world.api.agentGet("/requests", agent.token()).json().path("requests").size(), "nothing created");
        // Another source is not affected.
        assertEquals(200, world.api.agentGet("/budget", agent.token()).status());
        // The next minute the source may try again.
        world.clock.advance(Duration.ofSeconds(31));
        assertEquals(200, call(api, "GET", "/api/v1/agent-api/budget", agent.token(), null).status());
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
        tooMany(call(otherApi, "GET", "/v1/account", owned.ownerKey(), null));
        tooMany(call(api, "GET", "/v1/account", "pk_wrong", null));
        tooMany(call(api, "GET", "/v1/account", owned.ownerKey(), null));
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
