package dev.purser.x402tokens;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.idempotency.StoredResponse;
import dev.purser.payments.PaymentOutcome;
import dev.purser.services.Service;

/** How a payment-token call ended; the HTTP layer maps each case to a status and code. */
public sealed interface TokenOutcome {
    /** 201: the token and its held payment. */
    record Authorized(ObjectNode body) implements TokenOutcome {}

    /** The first answer for this idempotency key. */
    record Replayed(StoredResponse response) implements TokenOutcome {}

    /** The payment behind the token was refused (policy, funds, wallet, rate…). */
    record PaymentRefused(PaymentOutcome outcome) implements TokenOutcome {}

    record Verified(PaymentToken token, Service service) implements TokenOutcome {}

    /** A transition done (or a read): the token as it is now. */
    record Done(PaymentToken token) implements TokenOutcome {}

    /** 404 with {@code code}: unknown, or not a party's. */
    record NotFound(String code, String detail) implements TokenOutcome {}

    record Invalid(String field, String detail) implements TokenOutcome {}

    /** 422: not a token at all. */
    record Malformed(String detail) implements TokenOutcome {}

    /** 401: well-formed, but no published key verifies its signature. */
    record BadSignature(String detail) implements TokenOutcome {}

    record Forbidden(String code, String detail) implements TokenOutcome {}

    /** 409 (410 for {@code TOKEN_EXPIRED}): the token is not in a state this call applies to. */
    record Conflict(String code, String detail, TokenStatus current) implements TokenOutcome {}

    record IdempotencyKeyReused() implements TokenOutcome {}

    /** Contention did not settle within the bounded retries: try again. */
    record Busy() implements TokenOutcome {}
}
