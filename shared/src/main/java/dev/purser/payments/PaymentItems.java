package dev.purser.payments;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import dev.purser.ledger.store.LedgerKeys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * A payment's item: its key, the account's payment list ({@code gsi1}), and the sparse settlement
 * index ({@code due}, partition {@code SETTLE}) while a rail is moving it.
 */
public final class PaymentItems {
    private final String table;

    public PaymentItems(String table) {
        this.table = table;
    }

    public TransactWriteItem put(Payment p) {
        Map<String, AttributeValue> item = new HashMap<>();
        String created = Times.stored(p.createdAt());
        item.put(TableDefinition.PK, s(LedgerKeys.payment(p.id())));
        item.put(TableDefinition.SK, s(LedgerKeys.PAYMENT_SK));
        item.put(TableDefinition.GSI1_PK, s(LedgerKeys.accountPayments(p.accountId())));
        item.put(TableDefinition.GSI1_SK, s(created + "#" + p.id()));
        if (p.status().settling()) {
            item.put(TableDefinition.DUE_PK, s(LedgerKeys.SETTLE_PARTITION));
            item.put(TableDefinition.DUE_AT, s(created + "#" + p.id()));
        }
        item.put("payment_id", s(p.id()));
        item.put("account_id", s(p.accountId()));
        item.put("agent_id", s(p.agentId()));
        item.put("from_wallet_id", s(p.fromWalletId()));
        if (p.toWalletId() != null) item.put("to_wallet_id", s(p.toWalletId()));
        if (p.toExternal() != null) item.put("to_external", s(p.toExternal()));
        item.put("amount", n(p.amount()));
        item.put("fee", n(p.fee()));
        item.put("currency", s(p.currency()));
        item.put("rail", s(p.rail()));
        item.put("status", s(p.status().wire()));
        if (p.description() != null) item.put("description", s(p.description()));
        item.put("category", s(p.category()));
        item.put("merchant", s(p.merchant()));
        if (p.policyCheckJson() != null) item.put("policy_check", s(p.policyCheckJson()));
        item.put("refunded_amount", n(0));
        item.put("created_at", s(created));
        item.put("updated_at", s(created));
        if (p.completedAt() != null) item.put("completed_at", s(Times.stored(p.completedAt())));
        if (p.mandateId() != null) item.put("mandate_id", s(p.mandateId()));
        if (p.serviceId() != null) item.put("service_id", s(p.serviceId()));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    /**
     * Moves the payment from {@code from} to {@code after.status()}, exactly once (conditional on
     * the status it starts from). {@code settleAt} non-null puts it on the settlement index.
     */
    public TransactWriteItem transition(PaymentStatus from, Payment after, Instant settleAt) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":from", s(from.wire()));
        values.put(":to", s(after.status().wire()));
        values.put(":now", s(Times.stored(after.updatedAt())));
        StringBuilder set = new StringBuilder("SET #st = :to, updated_at = :now");
        if (after.completedAt() != null && after.status() == PaymentStatus.COMPLETED) {
            set.append(", completed_at = :now");
        }
        if (after.failureReason() != null) {
            set.append(", failure_reason = :why");
            values.put(":why", s(after.failureReason()));
        }
        String remove = "";
        if (settleAt != null) {
            set.append(", due_pk = :settle, due_at = :due");
            values.put(":settle", s(LedgerKeys.SETTLE_PARTITION));
            values.put(":due", s(Times.stored(settleAt) + "#" + after.id()));
        } else {
            remove = " REMOVE due_pk, due_at";
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(LedgerKeys.payment(after.id()), LedgerKeys.PAYMENT_SK))
                .updateExpression(set + remove)
                .conditionExpression("#st = :from")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(values)
                .build()).build();
    }

    /** Adds a refund: {@code refunded_amount + refund <= amount} is the condition (L6). */
    public TransactWriteItem refund(Payment before, Payment after) {
        long refund = after.refundedAmount() - before.refundedAmount();
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(LedgerKeys.payment(after.id()), LedgerKeys.PAYMENT_SK))
                .updateExpression("SET #st = :to, updated_at = :now ADD refunded_amount :r")
                .conditionExpression("refunded_amount <= :max AND (#st = :completed OR #st = :partial)")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":to", s(after.status().wire()), ":now", s(Times.stored(after.updatedAt())),
                        ":r", n(refund), ":max", n(before.amount() - refund),
                        ":completed", s(PaymentStatus.COMPLETED.wire()), ":partial", s(PaymentStatus.PARTIALLY_REFUNDED.wire())))
                .build()).build();
    }
}
