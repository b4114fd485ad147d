package dev.purser.functions.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.accounts.Account;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.StorageFaults;
import dev.purser.functions.support.StorageFaults.Fault;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 22.7: a storage call that times out or is throttled is answered 503 with Retry-After and
 * a detail, never 500; a retry with the same Idempotency-Key replays what committed (or, when
 * nothing did, decides once).
 */
@WithLocalAws
class StorageBusyTest {
    static final String AUTO = "{\"auto_approve\": {\"enabled\": true, \"max_amount\": 100}}";
    static final String BODY = "{\"amount\": 40, \"category\": \"other\"}";

    final StorageFaults faults = new StorageFaults();
    final World world = new World(faults);
    final Account account = world.account();

    @Test
    void aDecisionWhoseCommitTimedOutIs503AndItsRetryReplaysTheCommit() {
        var agent = world.agent(account, 1_000, AUTO);
        var headers = Map.of("idempotency-key", "busy-1", "authorization", "Bearer " + agent.token());

        faults.arm(Fault.TIMES_OUT_AFTER_COMMIT);
        Resp busy = world.api.call("POST", "/api/v1/agent-api/requests", null, BODY, headers);
        assertEquals(Fault.TIMES_OUT_AFTER_COMMIT, faults.fired(), "the fault was injected into the decision's transaction");
        assertBusy(busy);
        assertEquals(4_000, world.reload(agent).spent(), "the decision committed before the call timed out");

        Resp retry = world.api.call("POST", "/api/v1/agent-api/requests", null, BODY, headers);
        assertEquals(201, retry.status(), retry.toString());
        assertEquals("true", retry.headers().get("idempotent-replayed"), "the retry replays what committed");
        assertEquals("auto_approved", retry.json().get("status").asText());
        assertEquals(4_000, world.reload(agent).spent(), "spent once");
        assertEquals(1, world.api.agentGet("/requests", agent.token()).json().get("requests").size(), "one request");
    }

    @Test
    void aThrottledDecisionIs503ChangesNothingAndItsRetryDecides() {
        var agent = world.agent(account, 1_000, AUTO);
        var headers = Map.of("idempotency-key", "busy-2", "authorization", "Bearer " + agent.token());

        faults.arm(Fault.THROTTLED);
        Resp busy = world.api.call("POST", "/api/v1/agent-api/requests", null, BODY, headers);
        faults.disarm();
        assertEquals(Fault.THROTTLED, faults.fired());
        assertBusy(busy);
        assertEquals(0, world.reload(agent).spent(), "nothing was written");
        assertEquals(0, world.api.agentGet("/requests", agent.token()).json().get("requests").size());

        Resp retry = world.api.call("POST", "/api/v1/agent-api/requests", null, BODY, headers);
        assertEquals(201, retry.status(), retry.toString());
        assertFalse(retry.headers().containsKey("idempotent-replayed"), "nothing to replay: decided now");
        assertEquals(4_000, world.reload(agent).spent());
    }

    private static void assertBusy(Resp r) {
        assertEquals(503, r.status(), r.toString());
        assertEquals("1", r.headers().get("retry-after"), r.toString());
        assertEquals("storage_busy", r.json().get("code").asText());
        assertTrue(r.json().get("detail").asText().contains("retry"), r.toString());
    }
}
