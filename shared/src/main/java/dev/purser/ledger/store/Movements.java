package dev.purser.ledger.store;

import dev.purser.ledger.BalanceChange;
import dev.purser.ledger.Postings;
import dev.purser.commit.Commit;
import dev.purser.ledger.Transfer;
import dev.purser.ledger.TransferStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds the ledger part of one movement to a transaction: the transfers (created or resolved), one
 * merged balance update per account (labelled {@code wallet:<id>} for wallets, so a failed
 * {@code available >= :cover} reads as "insufficient funds"), and the wallets' ledger lines — all
 * into the movement's {@link Commit}, beside its business item, idempotency record and event.
 */
public final class Movements {
    private final LedgerItems items;

    public Movements(LedgerItems items) {
        this.items = items;
    }

    /** New transfers (each pending or posted). */
    public void create(Commit tx, List<Transfer> transfers, String shardKey, Instant at, String description) {
        for (Transfer t : transfers) tx.item("transfer:" + t.id(), items.putTransfer(t));
        balances(tx, Postings.creating(transfers), shardKey);
        for (Transfer t : transfers) addAll(tx, "line", items.lines(t, t.status().wire(), t.amount(), at, description));
    }

    /** Resolutions of pending transfers: {@code resolved.get(i)} resolves {@code pending.get(i)}. */
    public void resolve(Commit tx, List<Transfer> pending, List<Transfer> resolved, String shardKey, Instant at, String description) {
        List<BalanceChange> changes = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            Transfer p = pending.get(i);
            Transfer r = resolved.get(i);
            tx.item("transfer:" + r.id(), items.resolveTransfer(r));
            changes.addAll(p.resolution(r));
            long amount = r.status() == TransferStatus.POSTED ? r.postedAmount() : p.amount();
            addAll(tx, "line", items.lines(p, r.status().wire(), amount, at, description));
        }
        balances(tx, Postings.merge(changes), shardKey);
    }

    private void balances(Commit tx, List<BalanceChange> changes, String shardKey) {
        for (BalanceChange c : changes) {
            tx.item(c.account().isWallet() ? LedgerItems.walletLabel(c.account().walletId()) : "system:" + c.account().id(),
                    items.balance(c, shardKey));
        }
    }

    private static void addAll(Commit tx, String label, java.util.List<software.amazon.awssdk.services.dynamodb.model.TransactWriteItem> items) {
        for (var i : items) tx.item(label, i);
    }
}
