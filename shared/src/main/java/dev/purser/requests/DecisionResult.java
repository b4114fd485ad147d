package dev.purser.requests;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.idempotency.StoredResponse;

/**
 * How a request for a purchase (or its dry run) ended, in the spec's order of checks (§1.3).
 * Every case but {@link Created} changed nothing.
 */
public sealed interface DecisionResult {
    /** The token, account or agent may not make calls. */
    record Denied(AgentDenial denial) implements DecisionResult {}

    /** 60 POSTs in this UTC minute already. */
    record RateLimited() implements DecisionResult {}

    /** The Idempotency-Key answered this same call before: its answer, again. */
    record Replayed(StoredResponse response) implements DecisionResult {}

    /** The Idempotency-Key was used for a different call. */
    record KeyReused() implements DecisionResult {}

    /** The agent has {@code budget.BudgetWrites.PENDING_CAP} pending requests. */
    record TooManyPending() implements DecisionResult {}

    /** The request names another currency than the account's. */
    record CurrencyMismatch(String expected) implements DecisionResult {}

    /** Decided and durable (request, money, counters, idempotency record, events): the 201 body. */
    record Created(ObjectNode body) implements DecisionResult {}

    /** The dry run's answer: what would happen, nothing written. */
    record Checked(ObjectNode body) implements DecisionResult {}

    /** Lost the race for this agent's figures too many times in a row. */
    record Contended() implements DecisionResult {}
}
