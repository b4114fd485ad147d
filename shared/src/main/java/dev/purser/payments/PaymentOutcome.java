package dev.purser.payments;

import dev.purser.idempotency.StoredResponse;

/** How a payment attempt ended; the HTTP layer maps each to its status and error code. */
public sealed interface PaymentOutcome {
    record Created(Payment payment) implements PaymentOutcome {}

    /** The idempotency key was used before with the same request: the first answer, replayed. */
    record Replayed(StoredResponse response) implements PaymentOutcome {}

    record Unauthorized(String detail) implements PaymentOutcome {}

    record Forbidden(String detail) implements PaymentOutcome {}

    /** AP-1001, 404: the wallet does not exist or belongs to another account. */
    record WalletNotFound(String field) implements PaymentOutcome {}

    /** AP-1001, 403: a wallet of the account, but not the paying agent's. */
    record WalletNotYours() implements PaymentOutcome {}

    /** AP-1001, 402. */
    record InsufficientFunds(long available, long needed) implements PaymentOutcome {}

    /** AP-1002: the policy said no; {@code policyCheckJson} explains every check. */
    record PolicyRejected(String policyCheckJson) implements PaymentOutcome {}

    /** AP-3002, 429. */
    record RateLimited(String detail) implements PaymentOutcome {}

    /** 422 on one field (currency mismatch, same wallet, rail not valid for the payee…). */
    record Invalid(String field, String message) implements PaymentOutcome {}

    record SettlementNotConfigured(String rail) implements PaymentOutcome {}

    record IdempotencyKeyReused() implements PaymentOutcome {}

    record AgentNotFound() implements PaymentOutcome {}

    /** An execution token that cannot pay (unknown, already used, expired): a 401 with the reason. */
    record ExecutionTokenInvalid(String detail) implements PaymentOutcome {}

    /** A valid execution token bound to something else than this payment ({@code field}: agent_id, action, audience, mandate_id). */
    record ExecutionTokenMismatch(String field, String detail) implements PaymentOutcome {}

    /** The payment does not fit its mandate: the request {@code field}, the mandate {@code term} it breaks, why. */
    record MandateViolation(String field, String term, String detail) implements PaymentOutcome {}
    /** An attached payment (an x402 token) needs an automatic approval; the policy wants a human. */
    record ApprovalRequired(String policyCheckJson) implements PaymentOutcome {}
}
