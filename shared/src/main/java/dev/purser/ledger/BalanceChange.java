package dev.purser.ledger;

/**
 * What one movement does to one ledger account's balances. {@link #cover()} is the amount the
 * account's {@code available} must have before the change when the account may not be overdrawn:
 * the store turns it into the condition {@code available >= :cover}.
 */
public record BalanceChange(LedgerAccountRef account, long debitsPending, long debitsPosted, long creditsPending,
                            long creditsPosted) {

    /** Change of {@code available = credits_posted - debits_posted - debits_pending}. */
    public long availableDelta() {
        return creditsPosted - debitsPosted - debitsPending;
    }

    /** How much must be available before the change: only a reduction of {@code available} needs cover. */
    public long cover() {
        long delta = availableDelta();
        return delta < 0 ? -delta : 0;
    }

    public boolean isZero() {
        return debitsPending == 0 && debitsPosted == 0 && creditsPending == 0 && creditsPosted == 0;
    }

    public BalanceChange plus(BalanceChange other) {
        if (!account.equals(other.account)) throw new IllegalArgumentException("different accounts");
        return new BalanceChange(account, debitsPending + other.debitsPending, debitsPosted + other.debitsPosted,
                creditsPending + other.creditsPending, creditsPosted + other.creditsPosted);
    }
}
