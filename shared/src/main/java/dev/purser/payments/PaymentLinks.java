package dev.purser.payments;

import dev.purser.events.EventType;
import dev.purser.events.Outbox;
import dev.purser.ledger.Transfer;
import dev.purser.ledger.settlement.Connectors;
import dev.purser.ledger.store.LedgerItems;
import dev.purser.ledger.store.LedgerKeys;
import dev.purser.ledger.store.Movements;
import dev.purser.commit.Commit;
import dev.purser.commit.CommitOutcome;
import dev.purser.mandates.Mandates;
import dev.purser.requests.PurchaseRequest;
import dev.purser.requests.RequestLinks;
import dev.purser.requests.RequestStatus;
import dev.purser.store.Attr;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The money side of reviewing a payment's request, committed in the request's own transaction:
 * approve posts the pending transfers (internal rail: {@code completed}) or hands the payment to its
 * rail ({@code pending}, on the settlement index); reject voids them ({@code rejected}); expiry
 * times them out ({@code expired}). The payment update is conditional on {@code pending_approval},
 * the transfers on {@code pending}: exactly once.
 */
public final class PaymentLinks implements RequestLinks {
    private final DynamoDbClient dynamo;
    private final String table;
    private final PaymentItems payments;
    private final Movements movements;
    private final Outbox outbox;

    public PaymentLinks(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.payments = new PaymentItems(table);
        this.movements = new Movements(new LedgerItems(table));
        this.outbox = new Outbox(table);
    }

    @Override
    public boolean linked(PurchaseRequest r) {
        return r.id().startsWith(Payment.ID_PREFIX);
    }

    @Override
    public List<software.amazon.awssdk.services.dynamodb.model.TransactWriteItem> onTransition(PurchaseRequest before,
                                                                                             RequestStatus to, Instant now) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Attr.key(LedgerKeys.payment(before.id()), LedgerKeys.PAYMENT_SK))).item();
        if (item == null || item.isEmpty()) return List.of();
        Payment p = Payment.fromItem(item);
        Commit tx = Commit.in(table);
        List<Transfer> pending = p.transfers(false);
        List<Transfer> resolved = new ArrayList<>();
        Payment after;
        EventType event;
        switch (to) {
            case APPROVED -> {
                if (p.rail().equals(Connectors.INTERNAL)) {
                    for (Transfer t : pending) resolved.add(t.post(t.amount(), now));
                    after = p.with(PaymentStatus.COMPLETED, now, null);
                    event = EventType.PAYMENT_COMPLETED;
                } else {
                    after = p.with(PaymentStatus.PENDING, now, null);
                    event = EventType.PAYMENT_INITIATED;
                }
            }
            case REJECTED -> {
                for (Transfer t : pending) resolved.add(t.voided(now));
                after = p.with(PaymentStatus.REJECTED, now, "rejected_by_owner");
                event = EventType.PAYMENT_FAILED;
            }
            case EXPIRED -> {
                for (Transfer t : pending) resolved.add(t.timedOut(now));
                after = p.with(PaymentStatus.EXPIRED, now, "approval_expired");
                event = EventType.PAYMENT_FAILED;
            }
            default -> throw new IllegalStateException("a payment's request does not move to " + to);
        }
        tx.item("payment", payments.transition(PaymentStatus.PENDING_APPROVAL, after, after.status().settling() ? now : null));
        if (!resolved.isEmpty()) movements.resolve(tx, pending, resolved, p.id(), now, p.description());
        if (p.mandateId() != null && to != RequestStatus.APPROVED) {
            // A payment that will never move money gives its amount back to its mandate's total.
            tx.update("mandate-total", Mandates.release(table, p.mandateId(), p.amount(), now));
        }
        tx.item("event", outbox.put(event, p.accountId(), PaymentViews.payment(after), now));
        return List.copyOf(tx.items());
    }
}
