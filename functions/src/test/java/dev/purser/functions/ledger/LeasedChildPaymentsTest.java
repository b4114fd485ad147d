package dev.purser.functions.ledger;

import static dev.purser.functions.ledger.Bank.external;
import static dev.purser.functions.ledger.Bank.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import org.junit.jupiter.api.Test;

/**
 * Wallet payments and x402 authorizations do not draw from a budget lease, so a child with an
 * active lease may not make them (it would spend around its ceiling, docs/invariants.md §11): the
 * refusal is a condition of the spend's own transaction, and the child pays again once the lease is
 * released.
 */
@WithLocalAws
class LeasedChildPaymentsTest {
    final World world = new World();
    final Bank bank = new Bank(world);

    @Test
    void aLeasedChildCannotPayAroundItsLeaseUntilTheLeaseIsReleased() {
        Bank.Agent parent = bank.agent("1000", Bank.AUTO);
        Bank.Agent child = bank.agent("1000", Bank.AUTO);
        bank.fund(child.walletId(), "100");
        JsonNode lease = ok(201, world.api.post("/v1/spend-guard/budget-leases", bank.key(), "{\"parent_agent\": \""
                + parent.id() + "\", \"child_agent\": \"" + child.id() + "\", \"amount\": 20}"));

        Resp refused = bank.pay(child.token(), external(child.walletId(), "5.00"));
        assertEquals(403, refused.status(), refused.toString());
        assertTrue(refused.detail().contains("budget lease"), refused.detail());
        assertEquals("100.00", bank.balance(child.walletId()).get("available").asText(), "nothing moved");
        assertEquals(1, bank.lines(child.walletId()), "only the funding");

        JsonNode x402 = ok(200, world.api.post("/api/v1/x402/authorize", child.token(),
                "{\"payment_requirements\": {\"scheme\": \"exact\", \"network\": \"eip155:84532\", \"amount\": \"1000000\","
                        + " \"asset\": \"USDC\", \"pay_to\": \"0xabc\", \"resource\": \"https://api.example.com/x\"},"
                        + " \"max_amount_usd\": 1}"));
        assertFalse(x402.get("authorized").asBoolean(), x402.toString());
        assertTrue(x402.get("reason").asText().startsWith("LEASED_AGENT"), x402.toString());

        // The parent itself is not leased: it pays as before.
        bank.fund(parent.walletId(), "10");
        assertEquals("completed", ok(201, bank.pay(parent.token(), external(parent.walletId(), "1.00"))).get("status").asText());

        ok(200, world.api.post("/v1/spend-guard/budget-leases/" + lease.get("lease_id").asText() + "/release", bank.key(), "{}"));
        assertEquals("completed", ok(201, bank.pay(child.token(), external(child.walletId(), "5.00"))).get("status").asText());
    }
}
