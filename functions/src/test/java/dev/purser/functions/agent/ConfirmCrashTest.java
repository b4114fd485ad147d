package dev.purser.functions.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.accounts.Account;
import dev.purser.functions.support.LoseAnswerAfterCommit;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A confirm whose transaction commits but whose answer never reaches the agent (the connection
 * drops, the function dies): the agent's retry with the same Idempotency-Key must get the FIRST
 * answer (200, same body), not "Cannot confirm request with status 'completed'", and the money
 * moves once. This holds only because the idempotency record commits in the confirm's own
 * transaction.
 */
@WithLocalAws
class ConfirmCrashTest {
    static final String AUTO = "{\"auto_approve\": {\"enabled\": true, \"max_amount\": 100}}";

    final LoseAnswerAfterCommit fault = new LoseAnswerAfterCommit();
    final World world = new World(fault);
    final Account account = world.account();

    @Test
    void aRetryAfterTheAnswerWasLostReplaysTheFirstAnswer() {
        var agent = world.agent(account, 1_000, AUTO);
        String id = create(agent.token(), "40");
        assertEquals(4_000, world.reload(agent).spent());
        String path = "/api/v1/agent-api/requests/" + id + "/confirm";
        var headers = Map.of("idempotency-key", "crash-1", "authorization", "Bearer " + agent.token());
        String body = "{\"success\": true, \"actual_amount\": 30}";

        fault.arm();
        Resp lost = world.api.call("POST", path, null, body, headers);
        assertTrue(fault.fired(), "the fault was injected into the confirm's transaction");
        assertEquals(500, lost.status(), "the agent never saw the 200: " + lost);
        assertEquals(3_000, world.reload(agent).spent(), "yet the confirm is durable");

        Resp retry = world.api.call("POST", path, null, body, headers);
        assertEquals(200, retry.status(), retry.toString());
        assertEquals("true", retry.headers().get("idempotent-replayed"));
        assertEquals(id, retry.json().get("request_id").asText());
        assertEquals("completed", retry.json().get("status").asText());
        assertEquals("30.00", retry.json().get("actual_amount").asText());
        assertEquals(3_000, world.reload(agent).spent(), "the money moved once");

        // Without the key the same retry is the honest "already confirmed" error.
        Resp plain = world.api.agentPost("/requests/" + id + "/confirm", agent.token(), body);
        assertEquals(400, plain.status());
        assertFalse(plain.headers().containsKey("idempotent-replayed"));
    }

    private String create(String token, String amount) {
        Resp r = world.api.agentPost("/requests", token, "{\"amount\": " + amount + ", \"category\": \"other\"}");
        assertEquals(201, r.status(), r.toString());
        assertEquals("auto_approved", r.json().get("status").asText());
        return r.json().get("request_id").asText();
    }
}
