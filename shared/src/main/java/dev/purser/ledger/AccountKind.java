package dev.purser.ledger;

/**
 * What a ledger account is for. Every account keeps TigerBeetle's four balances; only wallets
 * carry the "debits must not exceed credits" flag. System accounts are per currency and exist so
 * that every movement has two sides: they may show a negative net balance by design (docs/ledger.md).
 */
public enum AccountKind {
    /** An agent's spendable money: credit-normal, never overdrawn ({@code available >= 0}). */
    WALLET(false),
    /** Where sandbox (and later real) funding comes from: debited by every top-up, so its net is negative. */
    FUNDING(true),
    /** Collects payment fees: only ever credited. */
    FEES(true),
    /** Payees outside Purser ({@code to_external}): credited by payments, debited by refunds. */
    EXTERNAL(true),
    /** Money held between parties (reserved for escrowed flows; no movement uses it yet). */
    ESCROW(true),
    /** Payouts on their way to a bank or chain: credited (pending) when a payout starts, posted when it completes. */
    PAYOUTS_IN_TRANSIT(true);

    private final boolean system;

    AccountKind(boolean system) {
        this.system = system;
    }

    /** A per-currency account of the platform (may go negative), not a customer's wallet. */
    public boolean system() {
        return system;
    }

    /** Wallets are the only accounts a debit must be covered on. */
    public boolean debitsMustNotExceedCredits() {
        return this == WALLET;
    }
}
