package dev.purser.functions.ledger;

import static dev.purser.functions.ledger.Bank.error;
import static dev.purser.functions.ledger.Bank.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.http.LambdaFunction;
import dev.purser.testing.WithLocalAws;
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

    Resp payout(String token, String walletId, String amount, String type, String destination) {
        return world.api.post("/v1/payouts", token, "{\"from_wallet_id\": \"" + walletId + "\", \"amount\": \"" + amount
                + "\", \"destination_type\": \"" + type + "\", \"destination\": " + destination + "}");
    }

    @Test
    void bankPayoutHoldsFundsInTransitThenCompletesShowingOnlyTheLast4() {
        Bank.Agent a = bank.agent("0", null);
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
    void failedPayoutReturnsTheFunds() {
        Bank.Agent a = bank.agent("0", null);
        bank.fund(a.walletId(), "100");
        String id = ok(201, payout(a.token(), a.walletId(), "66.66", "crypto",
                "{\"address\": \"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\", \"network\": \"base\"}")).get("id").asText();
        for (int i = 0; i < 3; i++) settle();
        JsonNode failed = ok(200, world.api.get("/v1/payouts/" + id, bank.key()));
        assertEquals("failed", failed.get("status").asText());
        assertEquals("returned_by_rail", failed.get("failure_reason").asText());
        assertEquals("100.00", bank.balance(a.walletId()).get("available").asText());
        bank.assertLedgerBalanced();
    }

    @Test
    void destinationsAreValidatedAndBadInputMovesNothing() {
        Bank.Agent a = bank.agent("0", null);
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
        Bank.Agent a = bank.agent("0", null);
        bank.fund(a.walletId(), "10");
        String id = ok(201, payout(a.token(), a.walletId(), "1", "bank", BANK)).get("id").asText();
        Bank other = new Bank(world);
        error(404, "payout_not_found", world.api.get("/v1/payouts/" + id, other.key()));
        error(404, "AP-1001", payout(other.key(), a.walletId(), "1", "bank", BANK));
        assertEquals(0, ok(200, world.api.get("/v1/payouts", other.key())).get("payouts").size());
    }
}
