package dev.purser.functions.owner;

import static dev.purser.functions.owner.Owner.error;
import static dev.purser.functions.owner.Owner.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/agents/{id}/check}: the owner asks what the agent's own dry run would answer. */
@WithLocalAws
class OwnerDryRunTest {
    final World world = new World();
    final Owner owner = new Owner(world);
    final JsonNode reg = owner.register(null, "1000",
            "{\"per_request_limit\": 100, \"auto_approve\": {\"enabled\": true, \"max_amount\": 20}}");
    final String agentId = reg.get("agent_id").asText();
    final String path = "/v1/agents/" + agentId + "/check";
    final String token = reg.get("token").asText();

    @Test
    void answersExactlyWhatTheAgentsOwnDryRunAnswersAndWritesNothing() {
        for (String body : new String[] {
                "{\"amount\": 10, \"category\": \"groceries\"}",
                "{\"amount\": 50, \"category\": \"groceries\", \"merchant_name\": \"Market\"}",
                "{\"amount\": 150, \"category\": \"groceries\"}"}) {
            JsonNode asOwner = ok(200, owner.post(path, body));
            JsonNode asAgent = world.api.agentPost("/requests/check", token, body).json();
            assertEquals(asAgent, asOwner, body);
            assertEquals(true, asOwner.get("dry_run").asBoolean());
        }
        assertEquals("rejected", ok(200, owner.post(path, "{\"amount\": 150, \"category\": \"groceries\"}")).get("status").asText());
        JsonNode agent = ok(200, owner.get("/v1/agents/" + agentId));
        assertEquals("0.00", agent.get("spent").asText());
        assertEquals("0.00", agent.get("held").asText());
        assertEquals(0, ok(200, owner.get("/v1/requests?agent_id=" + agentId)).get("requests").size());
    }

    @Test
    void badInputAnAgentWithoutTokensAndAnotherAccountsAgentAreRefused() {
        assertEquals(422, owner.post(path, "{\"category\": \"groceries\"}").status());
        assertEquals(422, owner.post(path, "{bad").status());
        ok(200, owner.delete("/v1/agents/" + agentId + "/tokens/" + reg.get("token_info").get("token_id").asText()));
        error(409, "no_active_token", owner.post(path, "{\"amount\": 10, \"category\": \"groceries\"}"));
        Owner mallory = new Owner(world);
        error(404, "agent_not_found", mallory.post(path, "{\"amount\": 10, \"category\": \"groceries\"}"));
        error(401, "unauthorized", world.api.call("POST", path, "pk_wrong", "{\"amount\": 10, \"category\": \"groceries\"}", java.util.Map.of()));
    }
}
