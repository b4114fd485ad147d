package dev.purser.disputes;

import dev.purser.idempotency.StoredResponse;
import dev.purser.payments.PaymentStatus;
import java.time.Instant;
import java.util.List;

/** How a dispute call ended. Every case but the successes means nothing was written. */
public sealed interface DisputeResult {
    record Opened(Dispute dispute) implements DisputeResult {}

    record Replayed(StoredResponse response) implements DisputeResult {}

    record Found(Dispute dispute, List<Evidence> evidence) implements DisputeResult {}

    record Listed(DisputeStore.Page page) implements DisputeResult {}

    /** A transition happened (withdrawn, under review, resolved). */
    record Moved(Dispute dispute) implements DisputeResult {}

    record EvidenceAdded(Dispute dispute, Evidence evidence) implements DisputeResult {}

    /** {@code what} is {@code payment} or {@code dispute}; another tenant's answers the same. */
    record NotFound(String what) implements DisputeResult {}

    record NotAllowed(String detail) implements DisputeResult {}

    record NotDisputable(PaymentStatus status) implements DisputeResult {}

    record WindowClosed(Instant closedAt) implements DisputeResult {}

    /** The payment already has an open (or under review) dispute. */
    record Duplicate(String disputeId) implements DisputeResult {}

    /** The transition does not start from the dispute's current status. */
    record WrongStatus(DisputeStatus current, String action) implements DisputeResult {}

    record EvidenceLimit(int max) implements DisputeResult {}

    /** The payee wallet no longer holds what is left of the payment: the dispute stays under review. */
    record PayeeInsufficientFunds() implements DisputeResult {}

    record IdempotencyKeyReused() implements DisputeResult {}
}
