package dev.purser.functions.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.accounts.Account;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.requests.ExpirySweep;
import dev.purser.requests.Transition;
import dev.purser.testing.WithLocalAws;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@WithLocalAws
class ReadsConfirmExpiryTest {
    final World world = new World();
    final Account account = world.account();
    static final String AUTO = "{\"auto_approve\": {\"enabled\": true, \"max_amount\": 50}}";

    String create(String token, String amount) {
        Resp r = world.api.agentPost("/requests", token, "{\"amount\": " + amount + ", \"category\": \"groceries\", \"merchant_name\": \"Shop\"}");
        assertEquals(201, r.status(), r.toString());
        return r.json().get("request_id").asText();
    }

    @Test
    void listIsNewestFirstWithFiltersAndClamps() {
        var agent = world.agent(account, 1_000, AUTO);
        String first = create(agent.token(), "10");
        world.clock.advance(Duration.ofSeconds(1));
        String second = create(agent.token(), "100");
        JsonNode all = world.api.agentGet("/requests?limit=20&offset=0", agent.token()).json();
        assertEquals(2, all.get("total").asInt());
        assertEquals(second, all.get("requests").get(0).get("request_id").asText());
        assertEquals(first, all.get("requests").get(1).get("request_id").asText());
        JsonNode item = all.get("requests").get(1);
        assertEquals("10.0", item.get("amount").toString());
        assertEquals("Shop", item.get("merchant").asText());
        assertEquals("USD", item.get("currency").asText());
        JsonNode pending = world.api.agentGet("/requests?status=pending", agent.token()).json();
        assertEquals(1, pending.get("requests").size());
        assertEquals(0, world.api.agentGet("/requests?status=bogus", agent.token()).json().get("requests").size());
        assertEquals(100, world.api.agentGet("/requests?limit=1000", agent.token()).json().get("limit").asInt());
        assertEquals(1, world.api.agentGet("/requests?limit=1&offset=1", agent.token()).json().get("requests").size());
        assertEquals(422, world.api.agentGet("/requests?limit=abc", agent.token()).status());
        assertEquals(422, world.api.agentGet("/requests?offset=-1", agent.token()).status());
    }

    @Test
    void getIsTenantIsolated() {
        var agent = world.agent(account, 1_000, AUTO);
        var other = world.agent(world.account(), 1_000, AUTO);
        String id = create(agent.token(), "10");
        JsonNode mine = world.api.agentGet("/requests/" + id, agent.token()).json();
        assertEquals(6, mine.size());
        assertEquals("auto_approved", mine.get("status").asText());
        assertEquals(mine.get("created_at"), mine.get("reviewed_at"));
        Resp theirs = world.api.agentGet("/requests/" + id, other.token());
        assertEquals(404, theirs.status());
        assertEquals("Request not found", theirs.detail());
        assertEquals(404, world.api.agentPost("/requests/" + id + "/confirm", other.token(), "{\"success\": true}").status());
    }

    @Test
    void budgetPolicyAndCategories() {
        var agent = world.agent(account, 100, "{\"daily_limit\": 5000}");
        create(agent.token(), "25");
        JsonNode budget = world.api.agentGet("/budget", agent.token()).json();
        assertEquals("100.00", budget.get("budget").asText());
        assertEquals("0.00", budget.get("spent").asText());
        assertEquals("25.00", budget.get("held").asText());
        assertEquals("75.00", budget.get("remaining").asText());
        assertEquals("USD", budget.get("currency").asText());
        assertEquals("{\"policy\":{\"daily_limit\":5000}}", world.api.agentGet("/policy", agent.token()).body());
        JsonNode cats = world.api.agentGet("/categories", agent.token()).json().get("categories");
        assertEquals(17, cats.size());
        assertEquals("accommodation", cats.get(0).asText());
        var bare = world.agent(account, 1, null);
        assertTrue(world.api.agentGet("/policy", bare.token()).json().get("policy").isNull());
    }

    @Test
    void confirmAdjustsSpendAndIsNotRepeatable() {
        var agent = world.agent(account, 1_000, AUTO);
        String id = create(agent.token(), "40");
        Resp ok = world.api.agentPost("/requests/" + id + "/confirm", agent.token(),
                "{\"success\": true, \"actual_amount\": 35.5, \"receipt_url\": \"https://r/1\"}");
        assertEquals(200, ok.status(), ok.toString());
        assertEquals("completed", ok.json().get("status").asText());
        assertEquals("35.50", ok.json().get("actual_amount").asText());
        assertEquals(3_550, world.reload(agent).spent());
        Resp again = world.api.agentPost("/requests/" + id + "/confirm", agent.token(), "{\"success\": true}");
        assertEquals(400, again.status());
        assertEquals("Cannot confirm request with status 'completed'", again.detail());

        String failed = create(agent.token(), "20");
        Resp f = world.api.agentPost("/requests/" + failed + "/confirm", agent.token(), "{\"success\": false, \"actual_amount\": 5}");
        assertEquals("failed", f.json().get("status").asText());
        assertTrue(f.json().get("actual_amount").isNull());
        assertEquals(3_550, world.reload(agent).spent());

        String pending = create(agent.token(), "60");
        assertEquals("Cannot confirm request with status 'pending'",
                world.api.agentPost("/requests/" + pending + "/confirm", agent.token(), "{\"success\": true}").detail());
    }

    @Test
    void confirmWithAnIdempotencyKeyReplaysTheFirstAnswer() {
        var agent = world.agent(account, 1_000, AUTO);
        String id = create(agent.token(), "40");
        var headers = java.util.Map.of("idempotency-key", "confirm-1", "authorization", "Bearer " + agent.token());
        String path = "/api/v1/agent-api/requests/" + id + "/confirm";
        Resp first = world.api.call("POST", path, null, "{\"success\": true, \"actual_amount\": 30}", headers);
        Resp replay = world.api.call("POST", path, null, "{\"success\": true, \"actual_amount\": 30}", headers);
        assertEquals(200, replay.status(), replay.toString());
        assertEquals(first.json(), replay.json());
        assertEquals(3_000, world.reload(agent).spent());
        Resp other = world.api.call("POST", path, null, "{\"success\": false}", headers);
        assertEquals(422, other.status());
    }

    @Test
    void approvedThenConfirmedAboveTheAmountIsNotRechecked() {
        var agent = world.agent(account, 100, AUTO);
        String id = create(agent.token(), "90");
        assertTrue(world.purser.lifecycle().approve(account.id(), id, world.purser.now()) instanceof Transition.Done);
        world.api.agentPost("/requests/" + id + "/confirm", agent.token(), "{\"success\": true, \"actual_amount\": 120}");
        assertEquals("-20.00", world.api.agentGet("/budget", agent.token()).json().get("remaining").asText());
    }

    @Test
    void lazyExpiryOnGetReleasesTheHoldOnce() {
        var agent = world.agent(account, 100, AUTO);
        String id = create(agent.token(), "80");
        assertEquals(8_000, world.reload(agent).held());
        world.clock.advance(Duration.ofMinutes(31));
        // The list does not expire lazily (spec §1.4).
        assertEquals("pending", world.api.agentGet("/requests", agent.token()).json().get("requests").get(0).get("status").asText());
        JsonNode got = world.api.agentGet("/requests/" + id, agent.token()).json();
        assertEquals("expired", got.get("status").asText());
        assertTrue(got.get("reviewed_at").isNull());
        assertEquals(0, world.reload(agent).held());
        world.api.agentGet("/requests/" + id, agent.token());
        assertEquals(0, world.reload(agent).held());
        assertEquals(0, world.reload(agent).pendingCount());
    }

    @Test
    void sweepExpiresOnlyDueRequestsExactlyOnce() {
        var agent = world.agent(account, 1_000, AUTO);
        String early = create(agent.token(), "60");
        world.clock.advance(Duration.ofMinutes(10));
        String late = create(agent.token(), "70");
        world.clock.advance(Duration.ofMinutes(25));
        ExpirySweep sweep = new ExpirySweep(world.purser.queries(), world.purser.lifecycle());
        sweep.sweep(world.purser.now(), 1000);
        assertEquals("expired", world.purser.lifecycle().get(early).status().wire());
        assertEquals("pending", world.purser.lifecycle().get(late).status().wire());
        assertEquals(7_000, world.reload(agent).held());
        // A second sweep and a late approve change nothing more.
        sweep.sweep(world.purser.now(), 1000);
        assertTrue(world.purser.lifecycle().approve(account.id(), early, world.purser.now()) instanceof Transition.WrongStatus);
        assertEquals(7_000, world.reload(agent).held());
    }

    @Test
    void approvePastExpiryExpiresInstead() {
        var agent = world.agent(account, 1_000, AUTO);
        String id = create(agent.token(), "60");
        world.clock.advance(Duration.ofMinutes(30).plusSeconds(1));
        assertTrue(world.purser.lifecycle().approve(account.id(), id, world.purser.now()) instanceof Transition.Expired);
        assertEquals(0, world.reload(agent).held());
        assertEquals(0, world.reload(agent).spent());
    }
}
