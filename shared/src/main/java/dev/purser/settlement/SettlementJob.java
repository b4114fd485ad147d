package dev.purser.settlement;

import dev.purser.ledger.settlement.Connectors;
import dev.purser.ledger.settlement.SettlementConnector;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import dev.purser.events.EventType;
import dev.purser.events.Outbox;
import dev.purser.ledger.LedgerConfig;
import dev.purser.ledger.Transfer;
import dev.purser.ledger.store.LedgerItems;
import dev.purser.ledger.store.LedgerKeys;
import dev.purser.ledger.store.Movements;
import dev.purser.commit.Commit;
import dev.purser.mandates.Mandates;
import dev.purser.payments.Payment;
import dev.purser.payments.PaymentItems;
import dev.purser.payments.PaymentStatus;
import dev.purser.payments.PaymentViews;
import dev.purser.payouts.Payout;
import dev.purser.payouts.PayoutStatus;
import dev.purser.payouts.PayoutViews;
import dev.purser.requests.RequestWrites;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The scheduled settlement job (EventBridge every minute on AWS, the local timer locally): reads
 * the payments and payouts due on the sparse settlement index, asks each rail's connector for one
 * step, and commits each step as ONE transaction conditional on the state it starts from (so a
 * second concurrent run changes nothing): the item's new state and its event; on completion the
 * pending transfers are posted, on failure voided — and a failed payment releases its budget spend
 * (its request becomes {@code failed}, like a failed confirm).
 */
public final class SettlementJob {
    /** What one run did. */
    public record Result(int examined, int advanced, int completed, int failed) {}

    private final DynamoDbClient dynamo;
    private final String table;
    private final Connectors connectors;
    private final PaymentItems payments;
    private final Movements movements;
    private final RequestWrites requests;
    private final Outbox outbox;

    public SettlementJob(DynamoDbClient dynamo, String table, LedgerConfig config) {
        this.dynamo = dynamo;
        this.table = table;
        this.connectors = Connectors.from(config);
        this.payments = new PaymentItems(table);
        this.movements = new Movements(new LedgerItems(table));
        this.requests = new RequestWrites(dynamo, table);
        this.outbox = new Outbox(table);
    }

    public Result run(Instant now, int max) {
        int examined = 0, advanced = 0, completed = 0, failed = 0;
        Map<String, AttributeValue> start = null;
        List<Map<String, AttributeValue>> due = new ArrayList<>();
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(table).indexName(TableDefinition.DUE)
                    .keyConditionExpression("#p = :p AND #d <= :now")
                    .expressionAttributeNames(Map.of("#p", TableDefinition.DUE_PK, "#d", TableDefinition.DUE_AT))
                    .expressionAttributeValues(Map.of(":p", s(LedgerKeys.SETTLE_PARTITION), ":now", s(Times.stored(now) + "#~")))
                    .exclusiveStartKey(from));
            due.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && due.size() < max);
        for (var item : due) {
            if (examined >= max) break;
            examined++;
            // The index is eventually consistent: act on the item as it is now.
            String pk = str(item, TableDefinition.PK);
            String sk = str(item, TableDefinition.SK);
            var fresh = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(pk, sk))).item();
            if (fresh == null || fresh.isEmpty() || !fresh.containsKey(TableDefinition.DUE_PK)) continue;
            SettlementConnector.Step step = LedgerKeys.PAYMENT_SK.equals(sk) ? stepPayment(Payment.fromItem(fresh), now)
                    : stepPayout(Payout.fromItem(fresh), now);
            if (step instanceof SettlementConnector.Step.Advance) advanced++;
            else if (step instanceof SettlementConnector.Step.Complete) completed++;
            else if (step instanceof SettlementConnector.Step.Fail) failed++;
        }
        return new Result(examined, advanced, completed, failed);
    }

    private SettlementConnector.Step stepPayment(Payment p, Instant now) {
        if (!p.status().settling()) return new SettlementConnector.Step.Wait();
        var connector = connectors.forRail(p.rail());
        if (connector.isEmpty()) return new SettlementConnector.Step.Wait();
        var step = connector.get().advance(new SettlementConnector.Settlement(p.id(), "payment", p.rail(), p.amount(),
                p.currency(), p.status().wire()), now);
        Commit tx = Commit.in(table);
        if (step instanceof SettlementConnector.Step.Advance a) {
            Payment after = p.with(PaymentStatus.fromWire(a.to()), now, null);
            tx.item("payment", payments.transition(p.status(), after, now));
            tx.item("event", outbox.put(a.to().equals("submitted") ? EventType.PAYMENT_SUBMITTED : EventType.PAYMENT_SETTLING,
                    p.accountId(), PaymentViews.payment(after), now));
        } else if (step instanceof SettlementConnector.Step.Complete) {
            Payment after = p.with(PaymentStatus.COMPLETED, now, null);
            tx.item("payment", payments.transition(p.status(), after, null));
            List<Transfer> pending = p.transfers(false);
            List<Transfer> posted = pending.stream().map(t -> t.post(t.amount(), now)).toList();
            movements.resolve(tx, pending, posted, p.id(), now, p.description());
            tx.item("event", outbox.put(EventType.PAYMENT_COMPLETED, p.accountId(), PaymentViews.payment(after), now));
        } else if (step instanceof SettlementConnector.Step.Fail f) {
            Payment after = p.with(PaymentStatus.FAILED, now, f.reason());
            tx.item("payment", payments.transition(p.status(), after, null));
            List<Transfer> pending = p.transfers(false);
            List<Transfer> voided = pending.stream().map(t -> t.voided(now)).toList();
            movements.resolve(tx, pending, voided, p.id(), now, f.reason());
            requests.failPaid(tx, p.id(), now);
            if (p.mandateId() != null) {
                tx.update("mandate-total", Mandates.release(table, p.mandateId(), p.amount(), now));
            }
            tx.item("event", outbox.put(EventType.PAYMENT_FAILED, p.accountId(), PaymentViews.payment(after), now));
        } else {
            return step;
        }
        return tx.run(dynamo).committed() ? step : new SettlementConnector.Step.Wait();
    }

    private SettlementConnector.Step stepPayout(Payout p, Instant now) {
        var connector = connectors.forRail(p.rail());
        if (connector.isEmpty() || !p.status().settling()) {
            return new SettlementConnector.Step.Wait();
        }
        var step = connector.get().advance(new SettlementConnector.Settlement(p.id(), "payout", p.rail(), p.amount(),
                p.currency(), p.status().wire()), now);
        Commit tx = Commit.in(table);
        if (step instanceof SettlementConnector.Step.Advance a) {
            tx.item("payout", payoutTransition(p, p.with(PayoutStatus.fromWire(a.to()), now, null), true));
        } else if (step instanceof SettlementConnector.Step.Complete) {
            Payout after = p.with(PayoutStatus.COMPLETED, now, null);
            tx.item("payout", payoutTransition(p, after, false));
            Transfer t = p.pendingTransfer();
            movements.resolve(tx, List.of(t), List.of(t.post(t.amount(), now)), p.id(), now, "payout completed");
            tx.item("event", outbox.put(EventType.PAYOUT_COMPLETED, p.accountId(), PayoutViews.payout(after), now));
        } else if (step instanceof SettlementConnector.Step.Fail f) {
            Payout after = p.with(PayoutStatus.FAILED, now, f.reason());
            tx.item("payout", payoutTransition(p, after, false));
            Transfer t = p.pendingTransfer();
            movements.resolve(tx, List.of(t), List.of(t.voided(now)), p.id(), now, f.reason());
            requests.failPaid(tx, p.id(), now); // its spend leaves every counter (none on payouts made before policy decided them)
            tx.item("event", outbox.put(EventType.PAYOUT_FAILED, p.accountId(), PayoutViews.payout(after), now));
        } else {
            return step;
        }
        return tx.run(dynamo).committed() ? step : new SettlementConnector.Step.Wait();
    }

    private TransactWriteItem payoutTransition(Payout before, Payout after, boolean stillDue) {
        var values = new java.util.HashMap<String, AttributeValue>();
        values.put(":from", s(before.status().wire()));
        values.put(":to", s(after.status().wire()));
        values.put(":now", s(Times.stored(after.updatedAt())));
        StringBuilder set = new StringBuilder("SET #st = :to, updated_at = :now");
        if (after.completedAt() != null) set.append(", completed_at = :now");
        if (after.failureReason() != null) {
            set.append(", failure_reason = :why");
            values.put(":why", s(after.failureReason()));
        }
        String rest;
        if (stillDue) {
            set.append(", due_at = :due");
            values.put(":due", s(Times.stored(after.updatedAt()) + "#" + after.id()));
            rest = "";
        } else {
            rest = " REMOVE due_pk, due_at";
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(LedgerKeys.payout(after.id()), LedgerKeys.PAYOUT_SK))
                .updateExpression(set + rest)
                .conditionExpression("#st = :from")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(values)
                .build()).build();
    }

    private static void addAll(Commit tx, String label, java.util.List<software.amazon.awssdk.services.dynamodb.model.TransactWriteItem> items) {
        for (var i : items) tx.item(label, i);
    }
}
