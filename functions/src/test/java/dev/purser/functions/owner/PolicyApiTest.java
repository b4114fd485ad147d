package dev.purser.functions.owner;

import static dev.purser.functions.owner.Owner.error;
import static dev.purser.functions.owner.Owner.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import org.junit.jupiter.api.Test;

@WithLocalAws
class PolicyApiTest {
    final World world = new World();
    final Owner owner = new Owner(world);
    final JsonNode reg = owner.register(null, "1000", null);
    final String path = "/v1/agents/" + reg.get("agent_id").asText() + "/policy";
    final String token = reg.get("token").asText();

    @Test
    void putGetAndPatchOnlyTouchesSentFields() {
        assertTrue(ok(200, owner.get(path)).get("policy").isNull());
        ok(200, owner.put(path, "{\"daily_limit\": 100, \"blocked_categories\": [\"gas\"],"
                + " \"auto_approve\": {\"enabled\": true, \"max_amount\": 20, \"categories\": [\"groceries\"]}, \"x402\": {\"max_per_request\": 1}}"));
        JsonNode patched = ok(200, owner.patch(path, "{\"weekly_limit\": 300, \"auto_approve\": {\"max_amount\": 30}, \"blocked_categories\": null}")).get("policy");
        assertEquals("{\"daily_limit\":100,\"auto_approve\":{\"enabled\":true,\"max_amount\":30,\"categories\":[\"groceries\"]},"
                + "\"x402\":{\"max_per_request\":1},\"weekly_limit\":300}", patched.toString());
        assertEquals(patched, ok(200, owner.get(path)).get("policy"));
        // Stored compactly, exactly as the Agent API will read it.
        assertEquals(patched.toString(), world.agents.get(reg.get("agent_id").asText()).policyJson());
        // PUT replaces; JSON null clears.
        assertEquals("{\"monthly_limit\":5}", ok(200, owner.put(path, "{\"monthly_limit\": 5}")).get("policy").toString());
        assertTrue(ok(200, owner.put(path, "null")).get("policy").isNull());
    }

    @Test
    void invalidPoliciesAreRefusedWithTheField() {
        ok(200, owner.put(path, "{\"daily_limit\": 100}"));
        assertEquals("daily_limit", error(422, "validation_error", owner.patch(path, "{\"daily_limit\": -1}")).get("field").asText());
        assertEquals("schedule.timezone", error(422, "validation_error", owner.put(path,
                "{\"schedule\": {\"timezone\": \"Nowhere/City\", \"default\": {}}}")).get("field").asText());
        assertEquals("schedule.default.allow", error(422, "validation_error", owner.put(path,
                "{\"schedule\": {\"timezone\": \"UTC\", \"default\": {\"allow\": \"25:00-26:00\"}}}")).get("field").asText());
        assertEquals("schedule.overrides[0].days[0]", error(422, "validation_error", owner.put(path,
                "{\"schedule\": {\"timezone\": \"UTC\", \"default\": {}, \"overrides\": [{\"days\": [\"funday\"], \"deny\": true}]}}")).get("field").asText());
        assertEquals("allowed_categories[0]", error(422, "validation_error", owner.put(path,
                "{\"allowed_categories\": [\"Not A Category\"]}")).get("field").asText());
        error(422, "validation_error", owner.put(path, "[]"));
        error(422, "validation_error", owner.patch(path, "[]"));
        error(422, "validation_error", owner.put(path, "{bad"));
        // Nothing of the refused changes was stored.
        assertEquals("{\"daily_limit\":100}", ok(200, owner.get(path)).get("policy").toString());
    }

    @Test
    void aChangeAppliesToTheVeryNextRequest() {
        ok(200, owner.put(path, "{\"auto_approve\": {\"enabled\": true}}"));
        assertEquals("auto_approved", world.api.agentPost("/requests", token, "{\"amount\": 10, \"category\": \"gas\"}").json().get("status").asText());
        ok(200, owner.patch(path, "{\"blocked_categories\": [\"gas\"]}"));
        assertEquals("rejected", world.api.agentPost("/requests", token, "{\"amount\": 10, \"category\": \"gas\"}").json().get("status").asText());
        assertEquals("{\"policy\":{\"auto_approve\":{\"enabled\":true},\"blocked_categories\":[\"gas\"]}}",
                world.api.agentGet("/policy", token).body());
    }
}
