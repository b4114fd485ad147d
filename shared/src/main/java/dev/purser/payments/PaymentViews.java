package dev.purser.payments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.time.Times;

/** The JSON shapes of payments and receipts, built in one place. */
public final class PaymentViews {
    private PaymentViews() {}

    public static ObjectNode payment(Payment p) {
        ObjectNode o = Json.object();
        o.put("id", p.id());
        o.put("object", "payment");
        o.put("amount", Money.plain(p.amount()));
        o.put("fee", Money.plain(p.fee()));
        o.put("total_debited", Money.plain(p.totalDebited()));
        o.put("currency", p.currency());
        o.put("rail", p.rail());
        o.put("status", p.status().wire());
        o.put("from_wallet_id", p.fromWalletId());
        o.put("to_wallet_id", p.toWalletId());
        o.put("to_external", p.toExternal());
        o.put("agent_id", p.agentId());
        o.put("description", p.description());
        o.put("category", p.category());
        o.put("refunded_amount", Money.plain(p.refundedAmount()));
        o.put("failure_reason", p.failureReason());
        // The review request of a payment that needs a human has the payment's id.
        o.put("request_id", p.id());
        o.set("policy_check", p.policyCheckJson() == null ? null : Json.parseTrusted(p.policyCheckJson()));
        o.put("created_at", Times.wire(p.createdAt()));
        o.put("updated_at", Times.wire(p.updatedAt()));
        o.put("completed_at", Times.wire(p.completedAt()));
        o.put("mandate_id", p.mandateId());
        if (p.serviceId() != null) o.put("service_id", p.serviceId());
        return o;
    }

    /** The answer of a refund: the payment after it, the refund, and the retained fee. */
    public static ObjectNode refunded(Payment p, String refundId, long amount) {
        ObjectNode o = payment(p);
        o.put("refund_id", refundId);
        o.put("refund_amount", Money.plain(amount));
        o.put("fee_retained", Money.plain(p.fee()));
        return o;
    }

    /** A receipt: what an accountant needs, with the ledger transfers that moved the money. */
    public static ObjectNode receipt(Payment p) {
        ObjectNode o = Json.object();
        o.put("receipt_id", "rcpt_" + p.id().substring(Payment.ID_PREFIX.length()));
        o.put("payment_id", p.id());
        o.put("status", p.status().wire());
        o.put("issued_for_account", p.accountId());
        o.put("agent_id", p.agentId());
        o.put("payer_wallet_id", p.fromWalletId());
        o.put("payee", p.toWalletId() != null ? p.toWalletId() : p.toExternal());
        o.put("description", p.description());
        o.put("category", p.category());
        o.put("currency", p.currency());
        o.put("rail", p.rail());
        o.put("amount", Money.plain(p.amount()));
        o.put("fee", Money.plain(p.fee()));
        o.put("total_debited", Money.plain(p.totalDebited()));
        o.put("refunded_amount", Money.plain(p.refundedAmount()));
        o.put("net_amount", Money.plain(p.amount() - p.refundedAmount()));
        var transfers = o.putArray("ledger_transfers");
        transfers.addObject().put("transfer_id", p.id() + ":payment").put("kind", "payment")
                .put("debit", p.from().id()).put("credit", p.to().id()).put("amount", Money.plain(p.amount()));
        if (p.fee() > 0) {
            transfers.addObject().put("transfer_id", p.id() + ":fee").put("kind", "fee")
                    .put("debit", p.from().id()).put("credit", "sys_fees_" + p.currency().toLowerCase(java.util.Locale.ROOT))
                    .put("amount", Money.plain(p.fee()));
        }
        o.put("created_at", Times.wire(p.createdAt()));
        o.put("completed_at", Times.wire(p.completedAt()));
        o.put("mandate_id", p.mandateId());
        return o;
    }

    /** CSV columns of the export, one payment per line. */
    public static final String CSV_HEADER =
            "payment_id,created_at,completed_at,status,agent_id,from_wallet_id,payee,rail,currency,amount,fee,total_debited,refunded_amount,category,description";

    public static String csvLine(Payment p) {
        return String.join(",", csv(p.id()), csv(Times.wire(p.createdAt())), csv(Times.wire(p.completedAt())),
                csv(p.status().wire()), csv(p.agentId()), csv(p.fromWalletId()),
                csv(p.toWalletId() != null ? p.toWalletId() : p.toExternal()), csv(p.rail()), csv(p.currency()),
                Money.plain(p.amount()), Money.plain(p.fee()), Money.plain(p.totalDebited()), Money.plain(p.refundedAmount()),
                csv(p.category()), csv(p.description()));
    }

    /** RFC 4180 quoting; a leading =,+,-,@ is prefixed with ' so spreadsheets never run it as a formula. */
    static String csv(String v) {
        if (v == null) return "";
        String s = v;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) s = "'" + s;
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") || s.startsWith("'")) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
