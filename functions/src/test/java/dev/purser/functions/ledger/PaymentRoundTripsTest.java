package dev.purser.functions.ledger;

import static dev.purser.functions.ledger.Bank.external;
import static dev.purser.functions.ledger.Bank.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.purser.functions.support.RoundTripCounter;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import org.junit.jupiter.api.Test;

/**
 * A warm payment costs two DynamoDB round trips, as a warm decision does: one BatchGetItem (token,
 * agent, account, counters, idempotency record, both wallets) and one TransactWriteItems.
 */
@WithLocalAws
class PaymentRoundTripsTest {
    final RoundTripCounter counter = new RoundTripCounter();
    final World world = new World(counter);
    final Bank bank = new Bank(world);

    @Test
    void warmPaymentsCostTwoRoundTripsAndColdThree() {
        Bank.Agent a = bank.agent("1000", Bank.ASK_ABOVE_10);
        Bank.Agent payee = bank.agent("0", null);
        bank.fund(a.walletId(), "100");
        counter.reset();
        ok(201, bank.pay(a.token(), external(a.walletId(), "1")));
        assertEquals(3, counter.reset(), "cold: token lookup, batch read, transaction");
        ok(201, bank.pay(a.token(), external(a.walletId(), "1")));
        assertEquals(2, counter.reset(), "warm, completed at once");
        ok(201, bank.pay(a.token(), external(a.walletId(), "20")));
        assertEquals(2, counter.reset(), "warm, pending approval");
        ok(201, bank.pay(a.token(), Bank.toWallet(a.walletId(), payee.walletId(), "1"), "rt-key"));
        assertEquals(2, counter.reset(), "warm, to a wallet, with an idempotency key");
        ok(201, bank.pay(a.token(), Bank.toWallet(a.walletId(), payee.walletId(), "1"), "rt-key"));
        assertEquals(1, counter.reset(), "a replay is the batch read only");
    }
}
