package dev.purser.functions.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.accounts.Account;
import dev.purser.accounts.AgentStore;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import java.util.Map;
import org.junit.jupiter.api.Test;

@WithLocalAws
class AuthAndValidationTest {
    final World world = new World();
    final Account account = world.account();

    @Test
    void missingOrMalformedBearerIs401() {
        assertEquals("Missing bearer token", world.api.agentGet("/budget", null).detail());
        Resp lower = world.api.call("GET", "/api/v1/agent-api/budget", null, null, Map.of("authorization", "bearer agt_x"));
        assertEquals(401, lower.status());
        assertEquals("Missing bearer token", lower.detail());
        Resp unknown = world.api.agentGet("/budget", "agt_unknown");
        assertEquals(401, unknown.status());
        assertEquals("Invalid agent token", unknown.detail());
    }

    @Test
    void authComesBeforeBodyValidationButMalformedJsonComesFirst() {
        Resp noTokenBadBody = world.api.agentPost("/requests", null, "{\"amount\": -1}");
        assertEquals(401, noTokenBadBody.status());
        Resp malformed = world.api.agentPost("/requests", null, "{\"amount\": ");
        assertEquals(422, malformed.status());
        assertEquals("json_invalid", malformed.json().get("detail").get(0).get("type").asText());
    }

    @Test
    void pausedArchivedKillSwitchAndBlockedAre403InSpecOrder() {
        var agent = world.agent(account, 100, null);
        world.agents.update(agent.id(), AgentStore.AgentChange.status("paused"), world.purser.now());
        assertEquals("Agent is paused", world.api.agentGet("/budget", agent.token()).detail());
        world.agents.update(agent.id(), AgentStore.AgentChange.status("archived"), world.purser.now());
        assertEquals("Agent is archived", world.api.agentGet("/budget", agent.token()).detail());
        world.updateAccount(account, a -> a.withKillSwitch(true));
        Resp kill = world.api.agentGet("/budget", agent.token());
        assertEquals(403, kill.status());
        assertEquals("All agents are paused by account owner", kill.detail());
        world.updateAccount(account, a -> a.withBlocked(true));
        assertEquals("Account is blocked", world.api.agentGet("/budget", agent.token()).detail());
    }

    @Test
    void killSwitchOffLeavesAPausedAgentPaused() {
        var agent = world.agent(account, 100, null);
        world.agents.update(agent.id(), AgentStore.AgentChange.status("paused"), world.purser.now());
        world.updateAccount(account, a -> a.withKillSwitch(true));
        world.updateAccount(account, a -> a.withKillSwitch(false));
        assertEquals("Agent is paused", world.api.agentGet("/budget", agent.token()).detail());
    }

    @Test
    void bodyValidationIsPydanticShaped() {
        var agent = world.agent(account, 100, null);
        JsonNode zero = world.api.agentPost("/requests", agent.token(), "{\"amount\": \"0\", \"category\": \"x\"}").json();
        JsonNode e = zero.get("detail").get(0);
        assertEquals("greater_than", e.get("type").asText());
        assertEquals("[\"body\",\"amount\"]", e.get("loc").toString());
        assertEquals("Input should be greater than 0", e.get("msg").asText());
        assertEquals(0, e.get("ctx").get("gt").asInt());

        JsonNode missing = world.api.agentPost("/requests", agent.token(), "{}").json();
        assertEquals(2, missing.get("detail").size());
        assertEquals("missing", missing.get("detail").get(0).get("type").asText());

        assertEquals("decimal_max_places",
                world.api.agentPost("/requests", agent.token(), "{\"amount\": 1.005, \"category\": \"x\"}").json()
                        .get("detail").get(0).get("type").asText());
        assertEquals("less_than_equal",
                world.api.agentPost("/requests", agent.token(), "{\"amount\": 10000000, \"category\": \"x\"}").json()
                        .get("detail").get(0).get("type").asText());
        Resp currency = world.api.agentPost("/requests", agent.token(), "{\"amount\": 1, \"category\": \"x\", \"currency\": \"XYZ\"}");
        assertEquals(422, currency.status());
        assertEquals("Value error, Unsupported currency: XYZ", currency.json().get("detail").get(0).get("msg").asText());
        Resp tooLong = world.api.agentPost("/requests", agent.token(), "{\"amount\": 1, \"category\": \"" + "c".repeat(51) + "\"}");
        assertEquals("string_too_long", tooLong.json().get("detail").get(0).get("type").asText());
        Resp array = world.api.agentPost("/requests", agent.token(), "[1]");
        assertEquals(422, array.status());
        assertTrue(array.json().get("detail").isArray());
    }

    @Test
    void amountsAreAcceptedAsNumbersAndNumericStrings() {
        var agent = world.agent(account, 100, null);
        assertEquals(201, world.api.agentPost("/requests", agent.token(), "{\"amount\": 25.0, \"category\": \"other\"}").status());
        assertEquals(201, world.api.agentPost("/requests", agent.token(), "{\"amount\": \"49.99\", \"category\": \"other\"}").status());
        assertEquals(201, world.api.agentPost("/requests", agent.token(), "{\"amount\": 7, \"category\": \"\"}").status());
        assertEquals(7_499 + 2_500 + 700 - 7_499 + 4_999, world.reload(agent).held());
    }

    @Test
    void unknownRoutesAndMethodsAnswerJson() {
        Resp notFound = world.api.get("/api/v1/agent-api/nope", null);
        assertEquals(404, notFound.status());
        assertEquals("Not Found", notFound.detail());
        Resp wrongMethod = world.api.call("DELETE", "/api/v1/agent-api/budget", null, null, Map.of());
        assertEquals(405, wrongMethod.status());
        assertEquals("Method Not Allowed", wrongMethod.detail());
        Resp nul = world.api.get("/api/v1/agent-api/requests?status=%00", "agt_x");
        assertEquals(400, nul.status());
        assertEquals("Invalid characters in request", nul.detail());
        assertEquals("ok", world.api.get("/health", null).json().get("status").asText());
    }
}
