package dev.purser.functions.owner;

import static dev.purser.functions.owner.Owner.error;
import static dev.purser.functions.owner.Owner.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import java.util.Map;
import org.junit.jupiter.api.Test;

@WithLocalAws
class AccountApiTest {
    final World world = new World();
    final Owner owner = new Owner(world);

    @Test
    void authenticationIsRequired() {
        error(401, "unauthorized", world.api.call("GET", "/v1/account", null, null, Map.of()));
        error(401, "unauthorized", world.api.call("GET", "/v1/account", "pk_nope", null, Map.of()));
        error(401, "unauthorized", world.api.call("GET", "/v1/agents", "pk_nope", null, Map.of()));
        error(401, "unauthorized", world.api.call("GET", "/v1/requests", "pk_nope", null, Map.of()));
    }

    @Test
    void getAndPatchSettings() {
        JsonNode a = ok(200, owner.get("/v1/account"));
        assertEquals(owner.accountId(), a.get("account_id").asText());
        assertEquals(30, a.get("request_expiry_minutes").asInt());
        JsonNode p = ok(200, owner.patch("/v1/account",
                "{\"name\": \"Acme\", \"currency\": \"EUR\", \"timezone\": \"Europe/Berlin\", \"request_expiry_minutes\": 5}"));
        assertEquals("Acme", p.get("name").asText());
        assertEquals("EUR", p.get("currency").asText());
        assertEquals("Europe/Berlin", p.get("timezone").asText());
        assertEquals(5, p.get("request_expiry_minutes").asInt());
        // Only the fields sent change.
        JsonNode q = ok(200, owner.patch("/v1/account", "{\"request_expiry_minutes\": 1440}"));
        assertEquals("Acme", q.get("name").asText());
        assertEquals(1440, q.get("request_expiry_minutes").asInt());
    }

    @Test
    void settingsValidation() {
        assertEquals("request_expiry_minutes", error(422, "validation_error",
                owner.patch("/v1/account", "{\"request_expiry_minutes\": 4}")).get("field").asText());
        error(422, "validation_error", owner.patch("/v1/account", "{\"request_expiry_minutes\": 1441}"));
        error(422, "validation_error", owner.patch("/v1/account", "{\"request_expiry_minutes\": \"30\"}"));
        assertEquals("currency", error(422, "validation_error", owner.patch("/v1/account", "{\"currency\": \"XXX\"}")).get("field").asText());
        assertEquals("timezone", error(422, "validation_error", owner.patch("/v1/account", "{\"timezone\": \"Mars/Base\"}")).get("field").asText());
        assertEquals("nmae", error(422, "validation_error", owner.patch("/v1/account", "{\"nmae\": \"x\"}")).get("field").asText());
        assertEquals("body", error(422, "validation_error", owner.patch("/v1/account", "{not json")).get("field").asText());
        error(422, "validation_error", owner.patch("/v1/account", "[1]"));
        error(422, "validation_error", owner.patch("/v1/account", null));
        error(422, "validation_error", owner.patch("/v1/account", "{\"name\": \"\"}"));
    }

    @Test
    void killSwitchPausesEveryAgentAndBack() {
        var agent = world.agent(owner.account.account(), 100, null);
        JsonNode on = ok(200, owner.post("/v1/account/kill-switch", "{\"paused\": true}"));
        assertTrue(on.get("all_agents_paused").asBoolean());
        var refused = world.api.agentGet("/budget", agent.token());
        assertEquals(403, refused.status());
        assertEquals("All agents are paused by account owner", refused.detail());
        // The agent's own status is untouched (spec §2.8).
        assertEquals("active", world.reload(agent).status().wire());
        assertFalse(ok(200, owner.post("/v1/account/kill-switch", "{\"paused\": false}")).get("all_agents_paused").asBoolean());
        assertEquals(200, world.api.agentGet("/budget", agent.token()).status());
        assertEquals("paused", error(422, "validation_error", owner.post("/v1/account/kill-switch", "{\"paused\": \"yes\"}")).get("field").asText());
        error(422, "validation_error", owner.post("/v1/account/kill-switch", "{}"));
    }

    @Test
    void categoriesAndAliases() {
        JsonNode list = ok(200, owner.get("/v1/account/categories")).get("categories");
        assertEquals(17, list.size());
        JsonNode added = ok(201, owner.post("/v1/account/categories", "{\"name\": \"cloud_compute\", \"aliases\": [\"gpu\", \"aws\"]}"));
        assertEquals("[\"aws\",\"gpu\"]", added.get("aliases").toString());
        error(409, "category_exists", owner.post("/v1/account/categories", "{\"name\": \"cloud_compute\"}"));
        assertEquals("name", error(422, "validation_error", owner.post("/v1/account/categories", "{\"name\": \"Cloud\"}")).get("field").asText());
        error(422, "validation_error", owner.post("/v1/account/categories", "{\"name\": \"" + "a".repeat(51) + "\"}"));
        error(422, "validation_error", owner.post("/v1/account/categories", "{\"name\": \"x\", \"aliases\": [\"taxi\"]}"));
        ok(201, owner.post("/v1/account/categories/cloud_compute/aliases", "{\"alias\": \"compute\"}"));
        error(409, "alias_exists", owner.post("/v1/account/categories/taxi/aliases", "{\"alias\": \"gpu\"}"));
        error(404, "category_not_found", owner.post("/v1/account/categories/nope/aliases", "{\"alias\": \"x\"}"));
        assertEquals(204, owner.delete("/v1/account/categories/cloud_compute/aliases/gpu").status());
        error(404, "alias_not_found", owner.delete("/v1/account/categories/cloud_compute/aliases/gpu"));
        // The agent API resolves the new alias.
        var agent = world.agent(world.accounts.get(owner.accountId()), 100, null);
        var r = world.api.agentPost("/requests", agent.token(), "{\"amount\": 1, \"category\": \"compute\"}");
        assertEquals("cloud_compute", r.json().get("category").asText(), r.toString());
        assertEquals(204, owner.delete("/v1/account/categories/cloud_compute").status());
        error(404, "category_not_found", owner.delete("/v1/account/categories/cloud_compute"));
        assertFalse(world.accounts.get(owner.accountId()).aliases().containsKey("aws"));
    }

    @Test
    void importDefaultsAddsSixteenAndTheAliasTable() {
        assertEquals(204, owner.delete("/v1/account/categories/taxi").status());
        ok(201, owner.post("/v1/account/categories/api/aliases", "{\"alias\": \"uber\"}"));
        JsonNode cats = ok(200, owner.post("/v1/account/categories/import-defaults", null)).get("categories");
        assertEquals(17, cats.size());
        var account = world.accounts.get(owner.accountId());
        assertEquals("groceries", account.aliases().get("supermarket"));
        assertEquals("api", account.aliases().get("uber"), "the owner's own alias is kept");
        assertEquals("taxi", account.aliases().get("lyft"));
        assertEquals(dev.purser.policy.DefaultCategories.ALIASES.size(), account.aliases().size());
    }

    @Test
    void budgetRulesCrudAndValidation() {
        JsonNode rule = ok(201, owner.post("/v1/account/budget-rules",
                "{\"name\": \"Team daily\", \"limit_type\": \"daily\", \"limit_amount\": 500, \"days_of_week\": [0, 1, 2, 3, 4]}"));
        String id = rule.get("id").asText();
        assertEquals("500.00", rule.get("limit_amount").asText());
        assertEquals(0, rule.get("priority").asInt());
        assertEquals(1, ok(200, owner.get("/v1/account/budget-rules")).get("rules").size());
        assertEquals(id, ok(200, owner.get("/v1/account/budget-rules/" + id)).get("id").asText());
        JsonNode patched = ok(200, owner.patch("/v1/account/budget-rules/" + id, "{\"limit_amount\": \"750.50\", \"is_active\": false}"));
        assertEquals("750.50", patched.get("limit_amount").asText());
        assertEquals("Team daily", patched.get("name").asText());
        assertFalse(patched.get("is_active").asBoolean());

        JsonNode days = error(400, "invalid_days_of_week", owner.post("/v1/account/budget-rules",
                "{\"name\": \"x\", \"limit_type\": \"daily\", \"limit_amount\": 5, \"days_of_week\": [7]}"));
        assertEquals("days_of_week values must be 0-6 (Mon-Sun)", days.get("detail").asText());
        JsonNode span = error(400, "invalid_time_span", owner.post("/v1/account/budget-rules",
                "{\"name\": \"x\", \"limit_type\": \"total\", \"limit_amount\": 5, \"start_at\": \"2026-12-01T00:00:00Z\", \"end_at\": \"2026-11-01T00:00:00Z\"}"));
        assertEquals("start_at must be before end_at", span.get("detail").asText());
        // A PATCH is checked against the bound it does not send.
        String temporal = ok(201, owner.post("/v1/account/budget-rules",
                "{\"name\": \"Q4\", \"limit_type\": \"total\", \"limit_amount\": 5, \"start_at\": \"2026-10-01T00:00:00Z\", \"end_at\": \"2026-12-31T00:00:00Z\"}")).get("id").asText();
        error(400, "invalid_time_span", owner.patch("/v1/account/budget-rules/" + temporal, "{\"start_at\": \"2027-01-01T00:00:00Z\"}"));
        assertEquals("limit_amount", error(422, "validation_error", owner.post("/v1/account/budget-rules",
                "{\"name\": \"x\", \"limit_type\": \"daily\", \"limit_amount\": 0}")).get("field").asText());
        assertEquals("limit_type", error(422, "validation_error", owner.post("/v1/account/budget-rules",
                "{\"name\": \"x\", \"limit_type\": \"hourly\", \"limit_amount\": 1}")).get("field").asText());
        assertEquals("name", error(422, "validation_error", owner.post("/v1/account/budget-rules",
                "{\"limit_type\": \"daily\", \"limit_amount\": 1}")).get("field").asText());
        error(422, "validation_error", owner.post("/v1/account/budget-rules",
                "{\"name\": \"x\", \"limit_type\": \"daily\", \"limit_amount\": 1, \"priority\": -1}"));
        error(422, "validation_error", owner.post("/v1/account/budget-rules",
                "{\"name\": \"x\", \"limit_type\": \"daily\", \"limit_amount\": 1, \"start_at\": \"yesterday\"}"));
        error(422, "validation_error", owner.patch("/v1/account/budget-rules/" + id, "{\"limit_amount\": 0.001}"));

        assertEquals(204, owner.delete("/v1/account/budget-rules/" + id).status());
        error(404, "rule_not_found", owner.get("/v1/account/budget-rules/" + id));
        error(404, "rule_not_found", owner.patch("/v1/account/budget-rules/" + id, "{\"name\": \"y\"}"));
        error(404, "rule_not_found", owner.delete("/v1/account/budget-rules/" + id));
    }

    @Test
    void budgetRuleAppliesToTheNextRequest() {
        var agent = world.agent(world.accounts.get(owner.accountId()), 1_000, "{\"auto_approve\": {\"enabled\": true}}");
        ok(201, owner.post("/v1/account/budget-rules", "{\"name\": \"cap\", \"limit_type\": \"daily\", \"limit_amount\": 10}"));
        var r = world.api.agentPost("/requests", agent.token(), "{\"amount\": 11, \"category\": \"groceries\"}");
        assertEquals("rejected", r.json().get("status").asText(), r.toString());
    }

    @Test
    void ownerKeys() {
        JsonNode created = ok(201, owner.post("/v1/account/keys", "{\"name\": \"ci\"}"));
        String second = created.get("key").asText();
        assertTrue(second.startsWith("pk_"));
        assertEquals(second.substring(0, 12), created.get("prefix").asText());
        JsonNode keys = ok(200, owner.get("/v1/account/keys")).get("keys");
        assertEquals(2, keys.size());
        assertFalse(keys.toString().contains(second), "a listed key never shows the secret");
        // Both keys share the fake clock's instant, so pick the first key by what it is, not by order.
        String secondId = created.get("key_id").asText();
        String firstId = keys.get(0).get("key_id").asText().equals(secondId)
                ? keys.get(1).get("key_id").asText() : keys.get(0).get("key_id").asText();
        // The key in use cannot revoke itself (so an account cannot lock itself out).
        error(409, "key_in_use", owner.delete("/v1/account/keys/" + firstId));
        // The new key revokes the first; the first is refused on its next call.
        var other = world.api.call("DELETE", "/v1/account/keys/" + firstId, second, null, Map.of());
        assertEquals(204, other.status(), other.toString());
        error(401, "unauthorized", owner.get("/v1/account"));
        assertEquals(200, world.api.call("GET", "/v1/account", second, null, Map.of()).status());
        error(404, "key_not_found", world.api.call("DELETE", "/v1/account/keys/key_nope", second, null, Map.of()));
    }
}
