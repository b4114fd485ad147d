package dev.purser.functions.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.purser.accounts.Account;
import dev.purser.functions.support.RoundTripCounter;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import org.junit.jupiter.api.Test;

/** The warm decision path costs two DynamoDB round trips: one batched read, one transaction. */
@WithLocalAws
class RoundTripsTest {
    final RoundTripCounter counter = new RoundTripCounter();
    final World world = new World(counter);
    final Account account = world.account();

    @Test
    void warmDecisionsCostTwoRoundTripsAndColdThree() {
        var agent = world.agent(account, 1_000, "{\"daily_limit\": 500, \"auto_approve\": {\"enabled\": true, \"max_amount\": 10}}");
        counter.reset();
        post(agent.token(), "5");
        assertEquals(3, counter.reset(), "cold: token lookup, batch read, transaction");
        post(agent.token(), "5");
        assertEquals(2, counter.reset(), "warm auto-approve");
        post(agent.token(), "50");
        assertEquals(2, counter.reset(), "warm pending");
        post(agent.token(), "600");
        assertEquals(2, counter.reset(), "warm rejected");
    }

    /**
     * A leased child: the pointer and the lease ride in the same batch once the container's hint
     * knows the lease id, so its warm decisions cost the same two round trips (the draw is in the
     * one transaction); the cold call pays one more batch to learn the lease id.
     */
    @Test
    void aLeasedChildsWarmDecisionsCostTwoRoundTrips() {
        var owned = world.ownedAccount();
        var parent = world.agent(owned.account(), 1_000, null);
        var child = world.agent(owned.account(), 1_000, "{\"auto_approve\": {\"enabled\": true, \"max_amount\": 10}}");
        assertEquals(201, world.api.call("POST", "/v1/spend-guard/budget-leases", owned.ownerKey(), "{\"parent_agent\": \""
                + parent.id() + "\", \"child_agent\": \"" + child.id() + "\", \"amount\": 100}", java.util.Map.of()).status());
        counter.reset();
        post(child.token(), "5");
        assertEquals(4, counter.reset(), "cold: token lookup, batch read, batch read with the lease, transaction");
        post(child.token(), "5");
        assertEquals(2, counter.reset(), "warm auto-approve from the lease");
        post(child.token(), "50");
        assertEquals(2, counter.reset(), "warm pending (a hold in the lease)");
        post(child.token(), "150");
        assertEquals(2, counter.reset(), "warm rejected by the lease check");
    }

    @Test
    void readsCostOneRoundTripWarm() {
        var agent = world.agent(account, 1_000, null);
        world.api.agentGet("/budget", agent.token());
        counter.reset();
        world.api.agentGet("/budget", agent.token());
        assertEquals(1, counter.reset());
    }

    private void post(String token, String amount) {
        assertEquals(201, world.api.agentPost("/requests", token, "{\"amount\": " + amount + ", \"category\": \"other\"}").status());
    }
}
