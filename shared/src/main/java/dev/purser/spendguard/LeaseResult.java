package dev.purser.spendguard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.idempotency.StoredResponse;
import dev.purser.leases.BudgetLease;

/** How a budget-lease call ended. Every case but {@link Done} changed nothing. */
public sealed interface LeaseResult {
    record Done(int status, ObjectNode body) implements LeaseResult {}

    record Refused(Resolved why) implements LeaseResult {}

    /** No such child agent in the account, or the child is the parent (or an ancestor of it). */
    record BadChild(String detail) implements LeaseResult {}

    /** The child's policy ∩ the constraints would widen the parent's on {@code field}. */
    record Widening(String field, String detail) implements LeaseResult {}

    /** The parent's limits, budget or status do not allow holding the amount. */
    record Denied(Authorization authorization) implements LeaseResult {}

    /** The parent's own lease has less remaining than asked. */
    record ExceedsParentLease(BudgetLease parentLease) implements LeaseResult {}

    /** The child already has an active lease (one at a time). */
    record ChildHasLease(String leaseId) implements LeaseResult {}

    record Invalid(String field, String detail) implements LeaseResult {}

    record TooDeep() implements LeaseResult {}

    record CurrencyMismatch(String expected) implements LeaseResult {}

    record NotFound() implements LeaseResult {}

    /** Already released or expired: the one closing transition already happened. */
    record NotActive(BudgetLease current) implements LeaseResult {}

    record Replayed(StoredResponse response) implements LeaseResult {}

    record KeyReused() implements LeaseResult {}

    record Contended() implements LeaseResult {}
}
