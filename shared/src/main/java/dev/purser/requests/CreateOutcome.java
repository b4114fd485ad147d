package dev.purser.requests;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** How one attempt to commit a new request ended. */
public sealed interface CreateOutcome {
    /** Written; {@code body} is the 201 response. */
    record Committed(ObjectNode body) implements CreateOutcome {}

    /**
     * A velocity rejection in a window that already has one: nothing new was stored and the
     * response reuses the first rejection's id (upstream behaviour, spec §2.5).
     */
    record ReusedVelocityRejection(String requestId) implements CreateOutcome {}

    /** A condition failed or the transaction conflicted: re-read and decide again. */
    record Contended(String reason) implements CreateOutcome {}
}
