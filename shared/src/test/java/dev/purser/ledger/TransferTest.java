package dev.purser.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransferTest {
    static final Instant T = Instant.parse("2026-11-23T15:00:00Z");
    static final LedgerAccountRef W = LedgerAccountRef.wallet("wal_a", "USD");
    static final LedgerAccountRef EXT = LedgerAccountRef.system(AccountKind.EXTERNAL, "USD");
    static final LedgerAccountRef FUND = LedgerAccountRef.system(AccountKind.FUNDING, "USD");

    @Test
    void pendingReservesThenPostingLessReleasesTheRest() {
        Balances w = Balances.ZERO.plus(Transfer.posted("f", FUND, W, 1000, TransferKind.FUNDING, "x", T).creation().get(1));
        assertEquals(1000, w.available());
        Transfer p = Transfer.pending("p", W, EXT, 600, TransferKind.PAYMENT, "pay", T);
        w = w.plus(p.creation().get(0));
        assertEquals(1000, w.balance());
        assertEquals(400, w.available());
        Transfer posted = p.post(450, T);
        w = w.plus(p.resolution(posted).get(0));
        assertEquals(550, w.balance());
        assertEquals(550, w.available());
        assertEquals(0, w.debitsPending());
    }

    @Test
    void resolvedExactlyOnce() {
        Transfer p = Transfer.pending("p", W, EXT, 600, TransferKind.PAYMENT, "pay", T);
        Transfer v = p.voided(T);
        assertThrows(IllegalStateException.class, () -> v.post(600, T));
        assertThrows(IllegalStateException.class, () -> v.voided(T));
        assertThrows(IllegalStateException.class, () -> p.post(600, T).timedOut(T));
        assertThrows(IllegalArgumentException.class, () -> p.post(601, T));
        assertThrows(IllegalArgumentException.class, () -> p.post(0, T));
        assertEquals(TransferStatus.TIMED_OUT, p.timedOut(T).status());
    }

    @Test
    void nothingConvertsAndAmountsArePositive() {
        LedgerAccountRef eur = LedgerAccountRef.system(AccountKind.EXTERNAL, "EUR");
        assertThrows(IllegalArgumentException.class, () -> Transfer.posted("t", W, eur, 1, TransferKind.PAYMENT, "r", T));
        assertThrows(IllegalArgumentException.class, () -> Transfer.posted("t", W, EXT, 0, TransferKind.PAYMENT, "r", T));
        assertThrows(IllegalArgumentException.class, () -> Transfer.posted("t", W, EXT, -5, TransferKind.PAYMENT, "r", T));
        assertThrows(IllegalArgumentException.class, () -> Transfer.posted("t", W, W, 5, TransferKind.PAYMENT, "r", T));
    }

    @Test
    void mergedChangesCoverTheTotalDebitOnce() {
        LedgerAccountRef fees = LedgerAccountRef.system(AccountKind.FEES, "USD");
        List<BalanceChange> changes = Postings.creating(List.of(
                Transfer.posted("a", W, EXT, 500, TransferKind.PAYMENT, "pay", T),
                Transfer.posted("b", W, fees, 2, TransferKind.FEE, "pay", T)));
        assertEquals(3, changes.size());
        BalanceChange wallet = changes.stream().filter(c -> c.account().equals(W)).findFirst().orElseThrow();
        assertEquals(502, wallet.cover());
        assertEquals(0, changes.stream().filter(c -> !c.account().equals(W)).mapToLong(BalanceChange::cover).sum());
    }

    /** Seeded random walk: every sequence of creations and resolutions keeps debits == credits. */
    @Test
    void debitsEqualCreditsAfterAnySequence() {
        Random random = new Random(42);
        LedgerAccountRef[] accounts = {W, EXT, FUND, LedgerAccountRef.wallet("wal_b", "USD"),
                LedgerAccountRef.system(AccountKind.PAYOUTS_IN_TRANSIT, "USD")};
        java.util.Map<LedgerAccountRef, Balances> b = new java.util.HashMap<>();
        List<Transfer> pending = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            List<BalanceChange> changes;
            if (!pending.isEmpty() && random.nextBoolean()) {
                Transfer p = pending.remove(random.nextInt(pending.size()));
                Transfer r = switch (random.nextInt(3)) {
                    case 0 -> p.post(1 + random.nextInt((int) p.amount()), T);
                    case 1 -> p.voided(T);
                    default -> p.timedOut(T);
                };
                changes = p.resolution(r);
            } else {
                int d = random.nextInt(accounts.length);
                int c = (d + 1 + random.nextInt(accounts.length - 1)) % accounts.length;
                long amount = 1 + random.nextInt(10_000);
                Transfer t = random.nextBoolean()
                        ? Transfer.pending("t" + i, accounts[d], accounts[c], amount, TransferKind.PAYMENT, "r", T)
                        : Transfer.posted("t" + i, accounts[d], accounts[c], amount, TransferKind.PAYMENT, "r", T);
                if (t.status() == TransferStatus.PENDING) pending.add(t);
                changes = t.creation();
            }
            for (BalanceChange ch : changes) b.merge(ch.account(), Balances.ZERO.plus(ch), (x, y) -> x.plus(ch));
            long dp = 0, dpo = 0, cp = 0, cpo = 0;
            for (Balances x : b.values()) {
                dp += x.debitsPending();
                dpo += x.debitsPosted();
                cp += x.creditsPending();
                cpo += x.creditsPosted();
            }
            assertEquals(dp, cp, "pending debits == pending credits after step " + i);
            assertEquals(dpo, cpo, "posted debits == posted credits after step " + i);
        }
    }
}
