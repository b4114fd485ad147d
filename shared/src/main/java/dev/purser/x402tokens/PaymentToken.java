package dev.purser.x402tokens;

import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.numOrNull;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An x402 payment token: one call of a marketplace service, paid by the consumer's payment
 * {@code paymentId} (held as pending ledger transfers while the token lives).
 *
 * @param amount      the reserved price (minor units); {@code fee} is reserved on top
 * @param slaWindowMs how long a started call may take before the scan refunds it
 * @param slaDeadline call start + window, once started
 */
public record PaymentToken(String id, String paymentId, String serviceId, String consumerAgentId, String consumerAccountId,
                           String providerAgentId, String providerAccountId, String fromWalletId, String toWalletId,
                           long amount, long fee, String currency, TokenStatus status, Instant expiresAt, long slaWindowMs,
                           Instant slaDeadline, Instant createdAt, Instant redeemedAt, Instant callStartedAt,
                           Instant callAcceptedAt, Instant endedAt) {

    public static final String ID_PREFIX = "tokid_";

    public boolean party(String agentId) {
        return agentId.equals(consumerAgentId) || agentId.equals(providerAgentId);
    }

    public ObjectNode view() {
        ObjectNode o = Json.object();
        o.put("token_id", id);
        o.put("object", "x402_token");
        o.put("status", status.wire());
        o.put("service_id", serviceId);
        o.put("payment_id", paymentId);
        o.put("reserved_amount", Money.plain(amount));
        o.put("fee", Money.plain(fee));
        o.put("currency", currency);
        o.put("consumer_agent_id", consumerAgentId);
        o.put("provider_agent_id", providerAgentId);
        o.put("from_wallet_id", fromWalletId);
        o.put("to_wallet_id", toWalletId);
        o.put("expires_at", Times.wire(expiresAt));
        o.put("sla_window_ms", slaWindowMs);
        o.put("sla_deadline", Times.wire(slaDeadline));
        o.put("created_at", Times.wire(createdAt));
        o.put("redeemed_at", Times.wire(redeemedAt));
        o.put("call_started_at", Times.wire(callStartedAt));
        o.put("call_accepted_at", Times.wire(callAcceptedAt));
        o.put("ended_at", Times.wire(endedAt));
        return o;
    }

    static PaymentToken fromItem(Map<String, AttributeValue> item) {
        Long window = numOrNull(item, "sla_window_ms");
        return new PaymentToken(str(item, "token_id"), str(item, "payment_id"), str(item, "service_id"),
                str(item, "consumer_agent_id"), str(item, "consumer_account_id"), str(item, "provider_agent_id"),
                str(item, "provider_account_id"), str(item, "from_wallet_id"), str(item, "to_wallet_id"),
                num(item, "amount"), num(item, "fee"), str(item, "currency"), TokenStatus.fromWire(str(item, "status")),
                Times.parse(str(item, "expires_at")), window == null ? 0 : window, Times.parse(str(item, "sla_deadline")),
                Times.parse(str(item, "created_at")), Times.parse(str(item, "redeemed_at")),
                Times.parse(str(item, "call_started_at")), Times.parse(str(item, "call_accepted_at")),
                Times.parse(str(item, "ended_at")));
    }
}
