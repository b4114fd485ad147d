package dev.purser.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable ledger transfer: {@code amount} of {@code currency} from the {@code debit} account to
 * the {@code credit} account. A pending transfer reserves; resolving it produces a new value with
 * the final status (the store applies it with the condition {@code status = pending}, so it happens
 * exactly once however many callers race). Posting may take less than the amount; the rest is
 * released, as in TigerBeetle.
 *
 * @param postedAmount what was posted: {@code amount} for a single-phase transfer, 0 while pending
 *                     or after a void or time-out
 * @param reference    the business object the transfer belongs to (payment, payout, funding id)
 */
public record Transfer(
        String id,
        LedgerAccountRef debit,
        LedgerAccountRef credit,
        long amount,
        String currency,
        TransferKind kind,
        TransferStatus status,
        long postedAmount,
        String reference,
        Instant createdAt,
        Instant resolvedAt) {

    public Transfer {
        Objects.requireNonNull(id);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(status);
        if (amount <= 0) throw new IllegalArgumentException("a transfer moves a positive amount");
        if (!debit.currency().equals(currency) || !credit.currency().equals(currency)) {
            throw new IllegalArgumentException("both sides of a transfer must be in " + currency + ": nothing converts");
        }
        if (debit.equals(credit)) throw new IllegalArgumentException("a transfer needs two different accounts");
        if (postedAmount < 0 || postedAmount > amount) throw new IllegalArgumentException("posted amount out of range");
    }

    /** A single-phase transfer, posted at once. */
    public static Transfer posted(String id, LedgerAccountRef debit, LedgerAccountRef credit, long amount, TransferKind kind,
                                  String reference, Instant at) {
        return new Transfer(id, debit, credit, amount, debit.currency(), kind, TransferStatus.POSTED, amount, reference, at, at);
    }

    /** The first phase of a two-phase transfer: the amount is reserved on both sides. */
    public static Transfer pending(String id, LedgerAccountRef debit, LedgerAccountRef credit, long amount, TransferKind kind,
                                   String reference, Instant at) {
        return new Transfer(id, debit, credit, amount, debit.currency(), kind, TransferStatus.PENDING, 0, reference, at, null);
    }

    /** Posts a pending transfer for {@code amount} (at most its amount); the rest is released. */
    public Transfer post(long amountToPost, Instant at) {
        requirePending();
        if (amountToPost <= 0 || amountToPost > amount) {
            throw new IllegalArgumentException("can post 1.." + amount + ", not " + amountToPost);
        }
        return resolve(TransferStatus.POSTED, amountToPost, at);
    }

    public Transfer voided(Instant at) {
        requirePending();
        return resolve(TransferStatus.VOIDED, 0, at);
    }

    public Transfer timedOut(Instant at) {
        requirePending();
        return resolve(TransferStatus.TIMED_OUT, 0, at);
    }

    private Transfer resolve(TransferStatus to, long posted, Instant at) {
        return new Transfer(id, debit, credit, amount, currency, kind, to, posted, reference, createdAt, at);
    }

    private void requirePending() {
        if (status != TransferStatus.PENDING) {
            throw new IllegalStateException("transfer " + id + " is " + status.wire() + ", not pending: resolved once only");
        }
    }

    /** The balance changes of creating this transfer (pending or posted). */
    public List<BalanceChange> creation() {
        if (status == TransferStatus.PENDING) {
            return List.of(new BalanceChange(debit, amount, 0, 0, 0), new BalanceChange(credit, 0, 0, amount, 0));
        }
        if (status == TransferStatus.POSTED) {
            return List.of(new BalanceChange(debit, 0, amount, 0, 0), new BalanceChange(credit, 0, 0, 0, amount));
        }
        throw new IllegalStateException("a transfer is created pending or posted");
    }

    /**
     * The balance changes of resolving {@code this} (pending) into {@code resolved}: the pending
     * amount leaves the pending balances whole; the posted part enters the posted balances.
     */
    public List<BalanceChange> resolution(Transfer resolved) {
        requirePending();
        if (!resolved.id.equals(id) || !resolved.status.resolved()) throw new IllegalArgumentException("not a resolution of " + id);
        long p = resolved.postedAmount;
        List<BalanceChange> out = new ArrayList<>(2);
        out.add(new BalanceChange(debit, -amount, p, 0, 0));
        out.add(new BalanceChange(credit, 0, 0, -amount, p));
        return out;
    }
}
