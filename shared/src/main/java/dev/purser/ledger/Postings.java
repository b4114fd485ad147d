package dev.purser.ledger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the balance changes of one movement per account: DynamoDB allows one write per item in a
 * transaction, and a payment with a fee debits the payer twice (amount and fee) — one update with
 * one cover condition for the total.
 */
public final class Postings {
    private Postings() {}

    public static List<BalanceChange> merge(Collection<BalanceChange> changes) {
        Map<LedgerAccountRef, BalanceChange> byAccount = new LinkedHashMap<>();
        for (BalanceChange c : changes) byAccount.merge(c.account(), c, BalanceChange::plus);
        List<BalanceChange> out = new ArrayList<>();
        for (BalanceChange c : byAccount.values()) if (!c.isZero()) out.add(c);
        return out;
    }

    /** Changes of creating every transfer. */
    public static List<BalanceChange> creating(List<Transfer> transfers) {
        List<BalanceChange> all = new ArrayList<>();
        for (Transfer t : transfers) all.addAll(t.creation());
        return merge(all);
    }
}
