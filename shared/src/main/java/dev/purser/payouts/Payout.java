package dev.purser.payouts;

import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.ledger.AccountKind;
import dev.purser.ledger.LedgerAccountRef;
import dev.purser.ledger.Transfer;
import dev.purser.ledger.TransferKind;
import dev.purser.time.Times;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A payout: money leaving a wallet for a bank account, an address or a Stripe account. Its funds
 * are ONE pending transfer {@code <id>:payout} from the wallet to the currency's payouts-in-transit
 * account until the rail completes (posted) or fails (voided) it.
 *
 * @param destinationId the destination's identity ({@link DestinationParser#id}); null on payouts made before it
 * @param status {@code pending_approval} (held for the owner: its review request is pending), then
 *               {@code pending, submitted, settling, completed, failed}; or {@code rejected} / {@code expired}
 *               (the owner said no, or never answered) ({@link PayoutStatus}: its transitions)
 * @param policyCheck the decision that let it through or held it (JSON), null on payouts made before it
 */
public record Payout(
        String id,
        String accountId,
        String agentId,
        String walletId,
        long amount,
        String currency,
        Destination destination,
        String destinationId,
        String description,
        PayoutStatus status,
        String failureReason,
        LocalDate estimatedArrival,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        String policyCheck) {

    public static final String ID_PREFIX = "po_";

    public Transfer pendingTransfer() {
        return Transfer.pending(id + ":payout", LedgerAccountRef.wallet(walletId, currency),
                LedgerAccountRef.system(AccountKind.PAYOUTS_IN_TRANSIT, currency), amount, TransferKind.PAYOUT, id, createdAt);
    }

    public String rail() {
        return "payout:" + destination.type();
    }

    /** The payout moved to {@code newStatus} (a transition {@link PayoutStatus#next()} lists). */
    public Payout with(PayoutStatus newStatus, Instant at, String reason) {
        return new Payout(id, accountId, agentId, walletId, amount, currency, destination, destinationId, description,
                status.to(newStatus), reason == null ? failureReason : reason, estimatedArrival, createdAt, at,
                newStatus == PayoutStatus.COMPLETED ? at : completedAt, policyCheck);
    }

    /** The stored (and shown) destination: never a full account number. */
    public static ObjectNode destinationJson(Destination d) {
        ObjectNode o = Json.object();
        if (d instanceof Destination.Bank b) {
            o.put("routing_number", b.routingNumber()).put("account_last4", b.accountLast4())
                    .put("account_type", b.accountType()).put("account_holder", b.accountHolder());
        } else if (d instanceof Destination.Crypto c) {
            o.put("network", c.network()).put("address", c.address());
        } else if (d instanceof Destination.Stripe s) {
            o.put("account_id", s.accountId());
        }
        return o;
    }

    public static Destination destinationFrom(String type, JsonNode o) {
        return switch (type) {
            case "bank" -> new Destination.Bank(o.path("routing_number").asText(), o.path("account_last4").asText(),
                    o.path("account_type").asText(), o.path("account_holder").asText());
            case "crypto" -> new Destination.Crypto(o.path("network").asText(), o.path("address").asText());
            default -> new Destination.Stripe(o.path("account_id").asText());
        };
    }

    public static Payout fromItem(Map<String, AttributeValue> item) {
        return new Payout(str(item, "payout_id"), str(item, "account_id"), str(item, "agent_id"), str(item, "wallet_id"),
                num(item, "amount"), str(item, "currency"),
                destinationFrom(str(item, "destination_type"), Json.parseTrusted(str(item, "destination"))),
                str(item, "destination_id"), str(item, "description"), PayoutStatus.fromWire(str(item, "status")),
                str(item, "failure_reason"),
                LocalDate.parse(str(item, "estimated_arrival")), Times.parse(str(item, "created_at")),
                Times.parse(str(item, "updated_at")), Times.parse(str(item, "completed_at")), str(item, "policy_check"));
    }
}
