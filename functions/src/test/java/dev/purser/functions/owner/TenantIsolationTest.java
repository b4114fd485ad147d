package dev.purser.functions.owner;

import static dev.purser.functions.owner.Owner.error;
import static dev.purser.functions.owner.Owner.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import org.junit.jupiter.api.Test;

/** Another account's agents, tokens, policies and requests answer 404, and nothing of them changes. */
@WithLocalAws
class TenantIsolationTest {
    final World world = new World();
    final Owner alice = new Owner(world);
    final Owner mallory = new Owner(world);

    @Test
    void anotherAccountsResourcesAreNotFound() {
        JsonNode reg = alice.register("shared-name", "100", "{\"daily_limit\": 50}");
        String agent = "/v1/agents/" + reg.get("agent_id").asText();
        String tokenId = ok(200, alice.get(agent + "/tokens")).get("tokens").get(0).get("token_id").asText();
        String request = alice.pendingRequest(reg.get("token").asText(), "10");

        error(404, "agent_not_found", mallory.get(agent));
        error(404, "agent_not_found", mallory.patch(agent, "{\"budget\": 1000000}"));
        error(404, "agent_not_found", mallory.post(agent + "/deregister", null));
        error(404, "agent_not_found", mallory.get(agent + "/spending"));
        error(404, "agent_not_found", mallory.get(agent + "/tokens"));
        error(404, "agent_not_found", mallory.post(agent + "/tokens", "{}"));
        error(404, "agent_not_found", mallory.delete(agent + "/tokens/" + tokenId));
        error(404, "agent_not_found", mallory.get(agent + "/policy"));
        error(404, "agent_not_found", mallory.put(agent + "/policy", "{}"));
        error(404, "agent_not_found", mallory.patch(agent + "/policy", "{\"daily_limit\": null}"));
        error(404, "request_not_found", mallory.get("/v1/requests/" + request));
        error(404, "request_not_found", mallory.post("/v1/requests/" + request + "/approve", null));
        error(404, "request_not_found", mallory.post("/v1/requests/" + request + "/reject", null));
        assertEquals(0, ok(200, mallory.get("/v1/requests")).get("requests").size());
        assertEquals(0, ok(200, mallory.get("/v1/requests?agent_id=" + reg.get("agent_id").asText())).get("requests").size());
        assertEquals(0, ok(200, mallory.get("/v1/agents")).get("agents").size());
        assertEquals(0, ok(200, mallory.get("/v1/agents?external_id=shared-name")).get("agents").size());
        String aliceKeyId = ok(200, alice.get("/v1/account/keys")).get("keys").get(0).get("key_id").asText();
        error(404, "key_not_found", mallory.delete("/v1/account/keys/" + aliceKeyId));
        // Alice's cursor is not Mallory's.
        alice.register("second", "1", null);
        String cursor = ok(200, alice.get("/v1/agents?limit=1")).get("next_cursor").asText();
        error(422, "validation_error", mallory.get("/v1/agents?cursor=" + cursor));
        // The same external id in another account is another agent.
        JsonNode theirs = mallory.register("shared-name", "1", null);
        assertEquals(true, theirs.get("created").asBoolean());

        JsonNode untouched = ok(200, alice.get(agent));
        assertEquals("100.00", untouched.get("budget").asText());
        assertEquals("active", untouched.get("status").asText());
        assertEquals("{\"daily_limit\":50}", untouched.get("policy").toString());
        assertEquals("pending", ok(200, alice.get("/v1/requests/" + request)).get("status").asText());
        assertEquals(200, world.api.agentGet("/budget", reg.get("token").asText()).status());
        ok(200, alice.get("/v1/account"));
    }
}
