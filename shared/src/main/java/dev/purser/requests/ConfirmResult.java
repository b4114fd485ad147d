package dev.purser.requests;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.idempotency.StoredResponse;

/** How an agent's confirm (spec §1.6) ended. Only {@link Confirmed} changed anything. */
public sealed interface ConfirmResult {
    record Denied(AgentDenial denial) implements ConfirmResult {}

    /** The Idempotency-Key answered this same confirm before: its answer, again. */
    record Replayed(StoredResponse response) implements ConfirmResult {}

    record KeyReused() implements ConfirmResult {}

    /** No such request, or another agent's. */
    record NotFound() implements ConfirmResult {}

    /** Not approved or auto-approved (already confirmed, pending, ...): {@code body} is the 400 answer. */
    record WrongStatus(RequestStatus status, ObjectNode body) implements ConfirmResult {}

    /** Done, with its money and event; {@code body} is the 200 answer (also remembered under the key). */
    record Confirmed(PurchaseRequest request, ObjectNode body) implements ConfirmResult {}
}
