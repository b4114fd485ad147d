package dev.purser.wallets;

import dev.purser.idempotency.StoredResponse;

/** How a sandbox funding ended. */
public sealed interface FundOutcome {
    record Funded(Wallet wallet, String transferId, long amount) implements FundOutcome {}

    /** The same idempotency key was used before with the same request: nothing moved again. */
    record Replayed(StoredResponse response) implements FundOutcome {}

    record WalletNotFound() implements FundOutcome {}

    record NotSandbox() implements FundOutcome {}

    record AboveCallCap(long max) implements FundOutcome {}

    record DailyCapReached(long max) implements FundOutcome {}

    record IdempotencyKeyReused() implements FundOutcome {}
}
