package dev.purser.payments;

import dev.purser.idempotency.StoredResponse;

/** How a refund attempt ended. */
public sealed interface RefundOutcome {
    record Refunded(Payment payment, String refundId, long amount) implements RefundOutcome {}

    record Replayed(StoredResponse response) implements RefundOutcome {}

    record NotFound() implements RefundOutcome {}

    /** The payer agent cannot refund itself: only the owner or the payee can. */
    record NotAllowed() implements RefundOutcome {}

    record NotRefundable(PaymentStatus status) implements RefundOutcome {}

    record TooMuch(long refundable) implements RefundOutcome {}

    /** The payee wallet no longer holds the amount (AP-1001). */
    record PayeeInsufficientFunds() implements RefundOutcome {}

    record IdempotencyKeyReused() implements RefundOutcome {}
}
