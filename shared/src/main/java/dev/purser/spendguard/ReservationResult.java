package dev.purser.spendguard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.idempotency.StoredResponse;
import dev.purser.leases.BudgetLease;

/** How a reservation call ended. Every case but {@link Done} changed nothing. */
public sealed interface ReservationResult {
    /** Committed (state, money, counters, idempotency record, event): the answer. */
    record Done(int status, ObjectNode body) implements ReservationResult {}

    /** The caller may not act for this agent. */
    record Refused(Resolved why) implements ReservationResult {}

    /**
     * The policy does not allow the hold without a human: {@code deny}, or
     * {@code approval_required} (a reservation never waits for a human; ask with a request).
     */
    record NotAllowed(Authorization authorization) implements ReservationResult {}

    record CurrencyMismatch(String expected) implements ReservationResult {}

    /** The agent is a leased child and its lease has less remaining than the amount. */
    record ExceedsLease(BudgetLease lease) implements ReservationResult {}

    /** No such reservation for this caller (another account's answers the same). */
    record NotFound() implements ReservationResult {}

    /** The reservation is no longer held: the one transition that won already happened. */
    record NotHeld(Reservation current) implements ReservationResult {}

    /** A capture above the reserved amount. */
    record ExceedsReserved(Reservation current) implements ReservationResult {}

    record Replayed(StoredResponse response) implements ReservationResult {}

    record KeyReused() implements ReservationResult {}

    /** Lost the race for the agent's figures too many times in a row. */
    record Contended() implements ReservationResult {}
}
