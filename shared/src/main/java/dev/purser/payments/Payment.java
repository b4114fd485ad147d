package dev.purser.payments;

import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.str;

import dev.purser.ledger.AccountKind;
import dev.purser.ledger.LedgerAccountRef;
import dev.purser.ledger.Transfer;
import dev.purser.ledger.TransferKind;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A payment from a wallet to another wallet or an external payee. Its money is two transfers with
 * ids derived from the payment id ({@code <id>:payment}, and {@code <id>:fee} when the fee is not 0),
 * so they can be rebuilt from the payment without a read.
 *
 * @param toExternal the external payee label when not paying a wallet
 * @param merchant   the payee as the policy saw it (merchant name of the policy check)
 * @param mandateId  the mandate whose execution token paid it (dispute evidence), or null
 * @param serviceId  the marketplace service an x402 payment token pays (docs/x402.md "Payment tokens"), else null
 */
public record Payment(
        String id,
        String accountId,
        String agentId,
        String fromWalletId,
        String toWalletId,
        String toExternal,
        long amount,
        long fee,
        String currency,
        String rail,
        PaymentStatus status,
        String description,
        String category,
        String merchant,
        String policyCheckJson,
        long refundedAmount,
        String failureReason,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        String mandateId,
        String serviceId) {

    public static final String ID_PREFIX = "pay_";

    /** A payment under no mandate that pays no marketplace service (the common case). */
    public Payment(String id, String accountId, String agentId, String fromWalletId, String toWalletId, String toExternal,
                   long amount, long fee, String currency, String rail, PaymentStatus status, String description,
                   String category, String merchant, String policyCheckJson, long refundedAmount, String failureReason,
                   Instant createdAt, Instant updatedAt, Instant completedAt) {
        this(id, accountId, agentId, fromWalletId, toWalletId, toExternal, amount, fee, currency, rail, status, description,
                category, merchant, policyCheckJson, refundedAmount, failureReason, createdAt, updatedAt, completedAt, null, null);
    }

    public long totalDebited() {
        return amount + fee;
    }

    public LedgerAccountRef from() {
        return LedgerAccountRef.wallet(fromWalletId, currency);
    }

    public LedgerAccountRef to() {
        return toWalletId != null ? LedgerAccountRef.wallet(toWalletId, currency)
                : LedgerAccountRef.system(AccountKind.EXTERNAL, currency);
    }

    /** The payment's transfers as created: pending unless {@code posted}. */
    public List<Transfer> transfers(boolean posted) {
        List<Transfer> out = new ArrayList<>(2);
        out.add(posted ? Transfer.posted(id + ":payment", from(), to(), amount, TransferKind.PAYMENT, id, createdAt)
                : Transfer.pending(id + ":payment", from(), to(), amount, TransferKind.PAYMENT, id, createdAt));
        if (fee > 0) {
            LedgerAccountRef fees = LedgerAccountRef.system(AccountKind.FEES, currency);
            out.add(posted ? Transfer.posted(id + ":fee", from(), fees, fee, TransferKind.FEE, id, createdAt)
                    : Transfer.pending(id + ":fee", from(), fees, fee, TransferKind.FEE, id, createdAt));
        }
        return out;
    }

    public Payment with(PaymentStatus s, Instant at, String reason) {
        return new Payment(id, accountId, agentId, fromWalletId, toWalletId, toExternal, amount, fee, currency, rail, s,
                description, category, merchant, policyCheckJson, refundedAmount, reason == null ? failureReason : reason,
                createdAt, at, s == PaymentStatus.COMPLETED ? at : completedAt, mandateId, serviceId);
    }

    public Payment refunded(long more, Instant at) {
        long total = refundedAmount + more;
        PaymentStatus s = total >= amount ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
        return new Payment(id, accountId, agentId, fromWalletId, toWalletId, toExternal, amount, fee, currency, rail, s,
                description, category, merchant, policyCheckJson, total, failureReason, createdAt, at, completedAt, mandateId,
                serviceId);
    }

    public static Payment fromItem(Map<String, AttributeValue> item) {
        return new Payment(str(item, "payment_id"), str(item, "account_id"), str(item, "agent_id"),
                str(item, "from_wallet_id"), str(item, "to_wallet_id"), str(item, "to_external"),
                num(item, "amount"), num(item, "fee"), str(item, "currency"), str(item, "rail"),
                PaymentStatus.fromWire(str(item, "status")), str(item, "description"), str(item, "category"),
                str(item, "merchant"), str(item, "policy_check"), num(item, "refunded_amount"), str(item, "failure_reason"),
                Times.parse(str(item, "created_at")), Times.parse(str(item, "updated_at")),
                Times.parse(str(item, "completed_at")), str(item, "mandate_id"), str(item, "service_id"));
    }
}
