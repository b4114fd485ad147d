package dev.purser.functions.ledger;

import static dev.purser.functions.ledger.Bank.error;
import static dev.purser.functions.ledger.Bank.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.http.LambdaFunction;
import dev.purser.owner.ActionLinks;
import dev.purser.testing.WithLocalAws;
import java.util.Map;
import org.junit.jupiter.api.Test;

@WithLocalAws
class PayoutsTest {
    final World world = new World();
    final Bank bank = new Bank(world);

    static final String BANK = "{\"routing_number\": \"021000021\", \"account_number\": \"9876543210\", "
            + "\"account_type\": \"checking\", \"account_holder\": \"Acme Corp\"}";

    void settle() {
        RequestHandler<ScheduledEvent, String> job = world.handlers.get(LambdaFunction.SETTLEMENT);
        job.handleRequest(new ScheduledEvent(), null);
    }

    static final String CRYPTO = "{\"address\": \"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\", \"network\": \"base\"}";

    /** The owner approves a destination: agents' payouts to it are decided by the policy alone. */
    JsonNode approve(String type, String destination) {
        return ok(201, world.api.post("/v1/account/payout-destinations", bank.key(),
                "{\"destination_type\": \"" + type + "\", \"destination\": " + destination + "}"));
    }

    Resp payout(String token, String walletId, String amount, String type, String destination) {
        return world.api.post("/v1/payouts", token, "{\"from_wallet_id\": \"" + walletId + "\", \"amount\": \"" + amount
                + "\", \"destination_type\": \"" + type + "\", \"destination\": " + destination + "}");
    }

    @Test
    void bankPayoutHoldsFundsInTransitThenCompletesShowingOnlyTheLast4() {
        Bank.Agent a = bank.agent("1000", Bank.AUTO);
        approve("bank", BANK);
        bank.fund(a.walletId(), "300");
        Resp r = payout(a.token(), a.walletId(), "250.00", "bank", BANK);
        JsonNode p = ok(201, r);
        assertEquals("pending", p.get("status").asText());
        assertEquals("2026-11-25", p.get("estimated_arrival").asText()); // Monday + 2 business days
        assertEquals("3210", p.at("/destination/account_last4").asText());
        assertFalse(r.body().contains("9876543210"), "never echo a full account number");
        JsonNode b = bank.balance(a.walletId());
        assertEquals("250.00", b.get("pending").asText());
        assertEquals("50.00", b.get("available").asText());
        for (int i = 0; i < 3; i++) settle();
        String id = p.get("id").asText();
        JsonNode done = ok(200, world.api.get("/v1/payouts/" + id, a.token()));
        assertEquals("completed", done.get("status").asText());
        assertFalse(world.api.get("/v1/payouts/" + id, a.token()).body().contains("9876543210"));
        b = bank.balance(a.walletId());
        assertEquals("50.00", b.get("balance").asText());
        assertEquals("0.00", b.get("pending").asText());
        assertEquals(1, ok(200, world.api.get("/v1/payouts?status=completed", a.token())).get("payouts").size());
        assertEquals(0, ok(200, world.api.get("/v1/payouts?status=pending", a.token())).get("payouts").size());
        bank.assertLedgerBalanced();
    }

    @Test
    void failedPayoutReturnsTheFundsAndTheBudget() {
        Bank.Agent a = bank.agent("1000", Bank.AUTO);
        bank.fund(a.walletId(), "100");
        approve("crypto", CRYPTO);
        String id = ok(201, payout(a.token(), a.walletId(), "66.66", "crypto", CRYPTO)).get("id").asText();
        assertEquals("66.66", ok(200, world.api.get("/v1/agents/" + a.id() + "/spending", bank.key())).at("/budget/spent").asText(),
                "a payout is spend");
        for (int i = 0; i < 3; i++) settle();
        JsonNode failed = ok(200, world.api.get("/v1/payouts/" + id, bank.key()));
        assertEquals("failed", failed.get("status").asText());
        assertEquals("returned_by_rail", failed.get("failure_reason").asText());
        assertEquals("100.00", bank.balance(a.walletId()).get("available").asText());
        assertEquals("0.00", ok(200, world.api.get("/v1/agents/" + a.id() + "/spending", bank.key())).at("/budget/spent").asText(),
                "a failed payout's spend is released");
        bank.assertLedgerBalanced();
    }

    @Test
    void destinationsAreValidatedAndBadInputMovesNothing() {
        Bank.Agent a = bank.agent("1000", Bank.AUTO);
        bank.fund(a.walletId(), "100");
        String w = a.walletId();
        error(422, "validation_error", payout(a.token(), w, "1", "bank", BANK.replace("021000021", "021000022")));
        error(422, "validation_error", payout(a.token(), w, "1", "bank", BANK.replace("9876543210", "98x")));
        error(422, "validation_error", payout(a.token(), w, "1", "crypto", "{\"address\": \"0xABCDEF\"}"));
        error(422, "validation_error", payout(a.token(), w, "1", "crypto",
                "{\"address\": \"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD\"}")); // bad EIP-55 checksum
        error(422, "validation_error", payout(a.token(), w, "1", "crypto",
                "{\"address\": \"So1111111111111111111111111111111111111111O\", \"network\": \"solana\"}"));
        error(422, "validation_error", payout(a.token(), w, "1", "stripe", "{\"account_id\": \"acct\"}"));
        error(422, "validation_error", payout(a.token(), w, "1", "paypal", "{}"));
        error(422, "validation_error", payout(a.token(), w, "0", "bank", BANK));
        error(422, "validation_error", payout(a.token(), w, "1.001", "bank", BANK));
        error(402, "AP-1001", payout(a.token(), w, "100.01", "bank", BANK));
        ok(201, payout(a.token(), w, "1", "crypto",
                "{\"address\": \"So11111111111111111111111111111111111111112\", \"network\": \"solana\"}"));
        ok(201, payout(a.token(), w, "1", "stripe", "{\"account_id\": \"acct_1A2b3C4d5E6f7G8h\"}"));
        assertEquals(3, bank.lines(w)); // the funding and two payouts
    }

    @Test
    void tenantIsolation() {
        Bank.Agent a = bank.agent("1000", Bank.AUTO);
        bank.fund(a.walletId(), "10");
        String id = ok(201, payout(a.token(), a.walletId(), "1", "bank", BANK)).get("id").asText();
        Bank other = new Bank(world);
        error(404, "payout_not_found", world.api.get("/v1/payouts/" + id, other.key()));
        error(404, "AP-1001", payout(other.key(), a.walletId(), "1", "bank", BANK));
        assertEquals(0, ok(200, world.api.get("/v1/payouts", other.key())).get("payouts").size());
    }

    JsonNode spending(Bank.Agent a) {
        return ok(200, world.api.get("/v1/agents/" + a.id() + "/spending", bank.key()));
    }

    /** Issue 23: a 900.00 payout passed under a per-request limit of 200. */
    @Test
    void aPayoutAboveThePerRequestLimitIsRejectedWithTheCheckAndMovesNothing() {
        Bank.Agent a = bank.agent("10000", "{\"auto_approve\": {\"enabled\": true}, \"per_request_limit\": 200}");
        bank.fund(a.walletId(), "1000");
        approve("bank", BANK);
        JsonNode e = error(403, "AP-1002", payout(a.token(), a.walletId(), "900.00", "bank", BANK));
        assertEquals("per_request_limit", e.get("held_by").asText(), e.toString());
        assertFalse(e.at("/policy_check/passed").asBoolean());
        assertEquals("1000.00", bank.balance(a.walletId()).get("available").asText());
        assertEquals("0.00", spending(a).at("/budget/spent").asText());
        assertEquals(0, ok(200, world.api.get("/v1/payouts", bank.key())).get("payouts").size());
        assertEquals(201, payout(a.token(), a.walletId(), "200.00", "bank", BANK).status(), "at the limit it passes");
    }

    /** Payouts and payments count in the same windows: together they cannot pass a daily limit. */
    @Test
    void payoutsCountInTheSameWindowsAsPayments() {
        Bank.Agent a = bank.agent("10000", "{\"auto_approve\": {\"enabled\": true}, \"daily_limit\": 100}");
        bank.fund(a.walletId(), "1000");
        approve("bank", BANK);
        ok(201, payout(a.token(), a.walletId(), "60.00", "bank", BANK));
        JsonNode e = error(403, "AP-1002", bank.pay(a.token(), Bank.external(a.walletId(), "50")));
        assertTrue(e.toString().contains("daily_limit"), e.toString());
        JsonNode again = error(403, "AP-1002", payout(a.token(), a.walletId(), "41.00", "bank", BANK));
        assertEquals("daily_limit", again.get("held_by").asText());
        assertEquals("60.00", spending(a).at("/windows/daily/spent").asText());
    }

    /** An agent's payout to a destination the owner never approved waits in the owner's queue. */
    @Test
    void aPayoutToANewDestinationWaitsForTheOwnerAndAOneClickLinkApprovesItAndTheDestination() {
        Bank.Agent a = bank.agent("1000", Bank.AUTO);
        bank.fund(a.walletId(), "300");
        JsonNode p = ok(201, payout(a.token(), a.walletId(), "250.00", "bank", BANK));
        String id = p.get("id").asText();
        assertEquals("pending_approval", p.get("status").asText());
        assertEquals("payout_destination", p.get("held_by").asText());
        assertEquals(id, p.get("review_request_id").asText());
        assertEquals("250.00", bank.balance(a.walletId()).get("pending").asText(), "the funds are held meanwhile");
        assertEquals("250.00", spending(a).at("/budget/held").asText());
        JsonNode queue = ok(200, world.api.get("/v1/agents/transactions/pending", bank.key()));
        assertTrue(queue.toString().contains(id), "in the owner's review queue: " + queue);
        for (int i = 0; i < 3; i++) settle();
        assertEquals("pending_approval", ok(200, world.api.get("/v1/payouts/" + id, a.token())).get("status").asText(),
                "the rail never sees a held payout");

        ActionLinks.Links links = ActionLinks.of(world.purser).forRequest(id, world.purser.lifecycle().get(id).expiresAt());
        Resp done = world.api.call("POST", links.approveUrl().substring(links.approveUrl().indexOf(ActionLinks.PATH)), null, null, Map.of());
        assertEquals(200, done.status(), done.body());
        assertEquals("pending", ok(200, world.api.get("/v1/payouts/" + id, a.token())).get("status").asText());
        assertEquals("250.00", spending(a).at("/budget/spent").asText());
        for (int i = 0; i < 3; i++) settle();
        assertEquals("completed", ok(200, world.api.get("/v1/payouts/" + id, a.token())).get("status").asText());
        JsonNode list = ok(200, world.api.get("/v1/account/payout-destinations", bank.key())).get("destinations");
        assertEquals(1, list.size());
        assertEquals("request:" + id, list.get(0).get("approved_via").asText());
        assertEquals(p.get("destination_id").asText(), list.get(0).get("destination_id").asText());
        assertFalse(list.toString().contains("9876543210"));

        bank.fund(a.walletId(), "10");
        JsonNode next = ok(201, payout(a.token(), a.walletId(), "10.00", "bank", BANK));
        assertEquals("pending", next.get("status").asText(), "an approved destination is not held again");
        bank.assertLedgerBalanced();
    }

    @Test
    void theOwnerRejectsAHeldPayoutAndItsFundsAndBudgetComeBack() {
        Bank.Agent a = bank.agent("1000", Bank.AUTO);
        bank.fund(a.walletId(), "300");
        String id = ok(201, payout(a.token(), a.walletId(), "250.00", "crypto", CRYPTO)).get("id").asText();
        ok(200, world.api.post("/v1/requests/" + id + "/reject", bank.key(), "{\"reason\": \"not ours\"}"));
        JsonNode p = ok(200, world.api.get("/v1/payouts/" + id, bank.key()));
        assertEquals("rejected", p.get("status").asText());
        assertEquals("rejected_by_owner", p.get("failure_reason").asText());
        assertEquals("300.00", bank.balance(a.walletId()).get("available").asText());
        assertEquals("0.00", spending(a).at("/budget/held").asText());
        assertEquals(0, ok(200, world.api.get("/v1/account/payout-destinations", bank.key())).get("destinations").size());
        assertEquals(1, ok(200, world.api.get("/v1/payouts?status=rejected", bank.key())).get("payouts").size());
        bank.assertLedgerBalanced();
    }

    @Test
    void ownersTurnAgentPayoutsOffAndKeepTheDestinationList() {
        Bank.Agent a = bank.agent("1000", Bank.AUTO);
        bank.fund(a.walletId(), "100");
        JsonNode d = approve("bank", BANK);
        assertEquals("owner", d.get("approved_via").asText());
        error(403, "owner_only", world.api.post("/v1/account/payout-destinations", a.token(),
                "{\"destination_type\": \"bank\", \"destination\": " + BANK + "}"));
        error(403, "owner_only", world.api.get("/v1/account/payout-settings", a.token()));
        error(422, "validation_error", world.api.call("PATCH", "/v1/account/payout-settings", bank.key(), "{\"agent_payouts\": \"no\"}", Map.of()));
        assertTrue(ok(200, world.api.get("/v1/account/payout-settings", bank.key())).get("agent_payouts").asBoolean());
        ok(200, world.api.call("PATCH", "/v1/account/payout-settings", bank.key(), "{\"agent_payouts\": false}", Map.of()));
        error(403, "agent_payouts_disabled", payout(a.token(), a.walletId(), "1.00", "bank", BANK));
        assertEquals("100.00", bank.balance(a.walletId()).get("available").asText());
        ok(201, payout(bank.key(), a.walletId(), "1.00", "bank", BANK)); // the owner still can
        ok(200, world.api.call("PATCH", "/v1/account/payout-settings", bank.key(), "{\"agent_payouts\": true}", Map.of()));
        assertEquals("pending", ok(201, payout(a.token(), a.walletId(), "1.00", "bank", BANK)).get("status").asText());
        ok(200, world.api.call("DELETE", "/v1/account/payout-destinations/" + d.get("destination_id").asText(), bank.key(), null, Map.of()));
        error(404, "payout_destination_not_found", world.api.call("DELETE", "/v1/account/payout-destinations/dst_nope",
                bank.key(), null, Map.of()));
        assertEquals("pending_approval", ok(201, payout(a.token(), a.walletId(), "1.00", "bank", BANK)).get("status").asText());
        // Another account number at the same bank is another destination.
        assertEquals("pending_approval", ok(201, payout(a.token(), a.walletId(), "1.00", "bank",
                BANK.replace("9876543210", "9876543211"))).get("status").asText());
    }
}
