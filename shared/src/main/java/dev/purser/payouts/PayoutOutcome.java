package dev.purser.payouts;

import dev.purser.idempotency.StoredResponse;

/** How creating a payout ended. */
public sealed interface PayoutOutcome {
    record Created(Payout payout) implements PayoutOutcome {}

    record Replayed(StoredResponse response) implements PayoutOutcome {}

    record WalletNotFound() implements PayoutOutcome {}

    record InsufficientFunds(long available, long needed) implements PayoutOutcome {}

    record CurrencyMismatch(String walletCurrency) implements PayoutOutcome {}

    record SettlementNotConfigured(String rail) implements PayoutOutcome {}

    record IdempotencyKeyReused() implements PayoutOutcome {}
}
