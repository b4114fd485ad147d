package dev.purser.x402tokens;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import dev.purser.ledger.store.LedgerKeys;
import dev.purser.payments.Payment;
import dev.purser.payments.PaymentStatus;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Token items ({@code X402TOKEN#<id>} / {@code TOKEN}), the service's trust counters
 * ({@code SERVICE#<id>} / {@code STATS}) and the token's sparse due entry (partition
 * {@code DUE#X402TOKEN}, due_at = expiry while unstarted, SLA deadline while the call runs; removed
 * once final), so the scan reads only the tokens that are due.
 */
public final class TokenItems {
    public static final String DUE_PARTITION = "DUE#X402TOKEN";
    static final String SK = "TOKEN";

    private final DynamoDbClient dynamo;
    private final String table;

    public TokenItems(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static String pk(String tokenId) {
        return "X402TOKEN#" + tokenId;
    }

    public Optional<PaymentToken> get(String tokenId) {
        if (tokenId == null || tokenId.isEmpty() || tokenId.length() > 100) return Optional.empty();
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(pk(tokenId), SK))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(PaymentToken.fromItem(item));
    }

    /** A new token (also how the bench seeds tokens in any state: a started one is due at its SLA deadline). */
    public TransactWriteItem put(PaymentToken t) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(pk(t.id())));
        item.put(TableDefinition.SK, s(SK));
        item.put(TableDefinition.DUE_PK, s(DUE_PARTITION));
        Instant due = t.status().inCall() && t.slaDeadline() != null ? t.slaDeadline() : t.expiresAt();
        item.put(TableDefinition.DUE_AT, s(Times.stored(due) + "#" + t.id()));
        if (t.slaDeadline() != null) item.put("sla_deadline", s(Times.stored(t.slaDeadline())));
        if (t.callStartedAt() != null) item.put("call_started_at", s(Times.stored(t.callStartedAt())));
        if (t.redeemedAt() != null) item.put("redeemed_at", s(Times.stored(t.redeemedAt())));
        item.put("token_id", s(t.id()));
        item.put("payment_id", s(t.paymentId()));
        item.put("service_id", s(t.serviceId()));
        item.put("consumer_agent_id", s(t.consumerAgentId()));
        item.put("consumer_account_id", s(t.consumerAccountId()));
        item.put("provider_agent_id", s(t.providerAgentId()));
        item.put("provider_account_id", s(t.providerAccountId()));
        item.put("from_wallet_id", s(t.fromWalletId()));
        item.put("to_wallet_id", s(t.toWalletId()));
        item.put("amount", n(t.amount()));
        item.put("fee", n(t.fee()));
        item.put("currency", s(t.currency()));
        item.put("status", s(t.status().wire()));
        item.put("expires_at", s(Times.stored(t.expiresAt())));
        item.put("sla_window_ms", n(t.slaWindowMs()));
        item.put("created_at", s(Times.stored(t.createdAt())));
        item.put("updated_at", s(Times.stored(t.createdAt())));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    /**
     * Moves the token from one of {@code from} to {@code to}, exactly once: the condition is the
     * status it starts from (plus {@code extraCondition}, e.g. "still before the deadline").
     *
     * @param set    extra {@code name = :value} assignments (attribute name → value)
     * @param dueAt  the new due time, or null to leave the due index (final states)
     */
    TransactWriteItem transition(String tokenId, List<TokenStatus> from, TokenStatus to, Instant now,
                                 Map<String, AttributeValue> set, Instant dueAt, String extraCondition,
                                 Map<String, AttributeValue> extraValues) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        names.put("#st", "status");
        StringBuilder expr = new StringBuilder("SET #st = :to, updated_at = :now");
        values.put(":to", s(to.wire()));
        values.put(":now", s(Times.stored(now)));
        int i = 0;
        for (var e : set.entrySet()) {
            expr.append(", #a").append(i).append(" = :a").append(i);
            names.put("#a" + i, e.getKey());
            values.put(":a" + i, e.getValue());
            i++;
        }
        if (dueAt != null) {
            expr.append(", due_at = :due");
            values.put(":due", s(Times.stored(dueAt) + "#" + tokenId));
        } else {
            expr.append(" REMOVE due_pk, due_at");
        }
        StringBuilder cond = new StringBuilder("(");
        for (int k = 0; k < from.size(); k++) {
            if (k > 0) cond.append(" OR ");
            cond.append("#st = :from").append(k);
            values.put(":from" + k, s(from.get(k).wire()));
        }
        cond.append(")");
        if (extraCondition != null) {
            cond.append(" AND ").append(extraCondition);
            values.putAll(extraValues);
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(pk(tokenId), SK))
                .updateExpression(expr.toString()).conditionExpression(cond.toString())
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    /**
     * The payment of a token leaving {@code authorized}, exactly once (conditional on it).
     * A refund by the SLA scan records the whole principal as refunded (the fee was never taken).
     */
    TransactWriteItem payment(Payment p, PaymentStatus to, Instant now, String reason, boolean refundedWhole) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":from", s(PaymentStatus.AUTHORIZED.wire()));
        values.put(":to", s(to.wire()));
        values.put(":now", s(Times.stored(now)));
        StringBuilder expr = new StringBuilder("SET #st = :to, updated_at = :now");
        if (to == PaymentStatus.COMPLETED) expr.append(", completed_at = :now");
        if (reason != null) {
            expr.append(", failure_reason = :why");
            values.put(":why", s(reason));
        }
        if (refundedWhole) {
            expr.append(", refunded_amount = :r");
            values.put(":r", n(p.amount()));
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(LedgerKeys.payment(p.id()), LedgerKeys.PAYMENT_SK))
                .updateExpression(expr.toString()).conditionExpression("#st = :from")
                .expressionAttributeNames(Map.of("#st", "status")).expressionAttributeValues(values).build()).build();
    }

    /**
     * One more settled (or breached) call on the service's trust counters: an ADD on
     * {@code SERVICE#<id>} / {@code STATS} (created by the first ADD), never the service item.
     */
    TransactWriteItem countCall(String serviceId, String counter) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key("SERVICE#" + serviceId, "STATS"))
                .updateExpression("ADD #c :one SET service_id = :sid")
                .expressionAttributeNames(Map.of("#c", counter))
                .expressionAttributeValues(Map.of(":one", n(1), ":sid", s(serviceId))).build()).build();
    }
}
