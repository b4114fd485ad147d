package dev.purser.tools;

import dev.purser.disputes.DisputeReason;
import dev.purser.http.Route;
import java.util.List;

/** Disputes about completed payments (docs/disputes.md); the deployment's operator resolves them. */
public final class DisputeTools implements ToolSet {
    @Override
    public List<Tool> tools() {
        String disputeId = "The dispute's id (disp_…).";
        return List.of(
                Tool.on(Route.DISPUTE_OPEN).named("purser_open_dispute")
                        .describedAs("Dispute a completed payment you made or received when the service was not "
                                + "delivered, broke its SLA, was charged twice or for the wrong amount. Then add "
                                + "evidence. An operator reviews it; if refunded, the principal goes back to the payer. "
                                + "DUPLICATE_DISPUTE: one is already open for this payment.")
                        .required("payment_id", Schema.string("The payment's id (pay_…).", 64))
                        .required("reason", Schema.oneOf("Why.", DisputeReason.CODES.toArray(String[]::new)))
                        .optional("description", Schema.string("What happened, briefly.", 2000))
                        .idempotent()
                        .build(),
                Tool.on(Route.DISPUTE_GET).named("purser_get_dispute")
                        .describedAs("Read a dispute with its evidence: status open, under_review, withdrawn, "
                                + "resolved_refunded or resolved_denied.")
                        .path("dispute_id", Schema.string(disputeId))
                        .build(),
                Tool.on(Route.DISPUTE_ADD_EVIDENCE).named("purser_add_dispute_evidence")
                        .describedAs("Add evidence to an open dispute (a log excerpt, an API response, ...).")
                        .path("dispute_id", Schema.string(disputeId))
                        .required("type", Schema.string("A lower-case code, e.g. log_excerpt, api_response.", 50))
                        .required("content", Schema.string("The evidence itself.", 16000))
                        .build());
    }
}
