package dev.purser.payouts;

import dev.purser.idempotency.StoredResponse;

/** How creating a payout ended. */
public sealed interface PayoutOutcome {
    /** Made: {@code pending} (on its way to the rail) or {@code pending_approval} (held for the owner). */
    record Created(Payout payout) implements PayoutOutcome {}

    record Replayed(StoredResponse response) implements PayoutOutcome {}

    record WalletNotFound() implements PayoutOutcome {}

    record InsufficientFunds(long available, long needed) implements PayoutOutcome {}

    record CurrencyMismatch(String walletCurrency) implements PayoutOutcome {}

    record SettlementNotConfigured(String rail) implements PayoutOutcome {}

    record IdempotencyKeyReused() implements PayoutOutcome {}

    /** The agent's policy or the account's rules refused it; nothing was written. */
    record PolicyRejected(String policyCheckJson, String heldBy) implements PayoutOutcome {}

    /** The owner turned agent payouts off. */
    record AgentPayoutsOff() implements PayoutOutcome {}

    /** The agent or account may not spend now (paused, blocked, leased), or the account is not the wallet's. */
    record Forbidden(String detail) implements PayoutOutcome {}

    record RateLimited(String detail) implements PayoutOutcome {}

    record Invalid(String field, String message) implements PayoutOutcome {}
}
