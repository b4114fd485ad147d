package dev.purser.disputes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.time.Times;
import java.time.Instant;

/**
 * A dispute about one completed payment.
 *
 * @param payer       the paying account and agent
 * @param payee       the receiving wallet's account and agent; null for an external payee
 * @param openedBy    who opened it (an agent of either side, or either side's owner)
 * @param openerSide  {@code payer} or {@code payee}
 * @param serviceId   the marketplace service the payment paid for, or null
 * @param amount      the disputed payment's amount (minor units; a refund returns at most what is left of it)
 * @param refundAmount what a {@code resolved_refunded} outcome moved back to the payer (0 when nothing was left)
 */
public record Dispute(
        String id,
        String paymentId,
        DisputeStatus status,
        String reason,
        String description,
        Party payer,
        Party payee,
        String payeeWalletId,
        Party openedBy,
        String openerSide,
        String serviceId,
        long amount,
        long fee,
        String currency,
        int evidenceCount,
        String resolutionNote,
        String refundId,
        long refundAmount,
        Instant createdAt,
        Instant updatedAt,
        Instant reviewedAt,
        Instant closedAt) {

    public static final String ID_PREFIX = "disp_";

    /** The accounts that see this dispute (one or two). */
    public boolean involves(String accountId) {
        return payer.accountId().equals(accountId) || (payee != null && accountId.equals(payee.accountId()));
    }

    public Dispute moved(DisputeStatus to, Instant at) {
        return new Dispute(id, paymentId, to, reason, description, payer, payee, payeeWalletId, openedBy, openerSide,
                serviceId, amount, fee, currency, evidenceCount, resolutionNote, refundId, refundAmount, createdAt, at,
                to == DisputeStatus.UNDER_REVIEW ? at : reviewedAt, to.active() ? closedAt : at);
    }

    public Dispute resolved(DisputeStatus to, String note, String refundId, long refundAmount, Instant at) {
        return new Dispute(id, paymentId, to, reason, description, payer, payee, payeeWalletId, openedBy, openerSide,
                serviceId, amount, fee, currency, evidenceCount, note, refundId, refundAmount, createdAt, at, reviewedAt, at);
    }

    public Dispute withEvidence(Instant at) {
        return new Dispute(id, paymentId, status, reason, description, payer, payee, payeeWalletId, openedBy, openerSide,
                serviceId, amount, fee, currency, evidenceCount + 1, resolutionNote, refundId, refundAmount, createdAt, at,
                reviewedAt, closedAt);
    }

    public ObjectNode view() {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("object", "dispute");
        o.put("status", status.wire());
        o.put("payment_id", paymentId);
        o.put("reason", reason);
        o.put("description", description);
        o.put("amount", Money.plain(amount));
        o.put("currency", currency);
        o.put("service_id", serviceId);
        ObjectNode by = o.putObject("opened_by");
        by.put("side", openerSide).put("account_id", openedBy.accountId()).put("agent_id", openedBy.agentId());
        o.putObject("payer").put("account_id", payer.accountId()).put("agent_id", payer.agentId());
        if (payee == null) {
            o.putNull("payee");
        } else {
            o.putObject("payee").put("account_id", payee.accountId()).put("agent_id", payee.agentId())
                    .put("wallet_id", payeeWalletId);
        }
        o.put("evidence_count", evidenceCount);
        if (status == DisputeStatus.RESOLVED_REFUNDED || status == DisputeStatus.RESOLVED_DENIED) {
            ObjectNode r = o.putObject("resolution");
            r.put("outcome", status == DisputeStatus.RESOLVED_REFUNDED ? "refunded" : "denied");
            r.put("note", resolutionNote);
            if (status == DisputeStatus.RESOLVED_REFUNDED) {
                r.put("refund_id", refundId);
                r.put("refund_amount", Money.plain(refundAmount));
                r.put("fee_retained", Money.plain(fee));
            }
        } else {
            o.putNull("resolution");
        }
        o.put("created_at", Times.wire(createdAt));
        o.put("updated_at", Times.wire(updatedAt));
        o.put("reviewed_at", Times.wire(reviewedAt));
        o.put("closed_at", Times.wire(closedAt));
        return o;
    }
}
