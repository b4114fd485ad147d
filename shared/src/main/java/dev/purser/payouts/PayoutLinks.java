package dev.purser.payouts;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;

import dev.purser.commit.Commit;
import dev.purser.events.EventType;
import dev.purser.events.Outbox;
import dev.purser.ledger.Transfer;
import dev.purser.ledger.store.LedgerItems;
import dev.purser.ledger.store.LedgerKeys;
import dev.purser.ledger.store.Movements;
import dev.purser.requests.PurchaseRequest;
import dev.purser.requests.RequestLinks;
import dev.purser.requests.RequestStatus;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The money side of reviewing a payout's request, committed in the request's own transaction (as
 * {@code PaymentLinks} does for payments): approve hands the payout to its rail ({@code pending},
 * on the settlement index) and approves its destination for the account; reject voids its transfer
 * ({@code rejected}); expiry times it out ({@code expired}). The payout update is conditional on
 * {@code pending_approval}, the transfer on {@code pending}: exactly once.
 */
public final class PayoutLinks implements RequestLinks {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Movements movements;
    private final Outbox outbox;
    private final PayoutDestinations destinations;

    public PayoutLinks(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.movements = new Movements(new LedgerItems(table));
        this.outbox = new Outbox(table);
        this.destinations = new PayoutDestinations(dynamo, table);
    }

    @Override
    public boolean linked(PurchaseRequest r) {
        return r.id().startsWith(Payout.ID_PREFIX);
    }

    @Override
    public List<TransactWriteItem> onTransition(PurchaseRequest before, RequestStatus to, Instant now) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(LedgerKeys.payout(before.id()), LedgerKeys.PAYOUT_SK))).item();
        if (item == null || item.isEmpty()) return List.of();
        Payout p = Payout.fromItem(item);
        Commit tx = Commit.in(table);
        Transfer t = p.pendingTransfer();
        Payout after;
        EventType event;
        switch (to) {
            case APPROVED -> {
                after = p.with(PayoutStatus.PENDING, now, null);
                event = EventType.PAYOUT_INITIATED;
                if (p.destinationId() != null) {
                    tx.item("payout-destination", destinations.approval(p.accountId(), p.destinationId(), p.destination(),
                            "request:" + p.id(), now));
                }
            }
            case REJECTED -> {
                after = p.with(PayoutStatus.REJECTED, now, "rejected_by_owner");
                event = EventType.PAYOUT_FAILED;
                movements.resolve(tx, List.of(t), List.of(t.voided(now)), p.id(), now, "payout rejected by the owner");
            }
            case EXPIRED -> {
                after = p.with(PayoutStatus.EXPIRED, now, "approval_expired");
                event = EventType.PAYOUT_FAILED;
                movements.resolve(tx, List.of(t), List.of(t.timedOut(now)), p.id(), now, "payout approval expired");
            }
            default -> throw new IllegalStateException("a payout's request does not move to " + to);
        }
        tx.item("payout", transition(after, to == RequestStatus.APPROVED));
        tx.item("event", outbox.put(event, p.accountId(), PayoutViews.payout(after), now));
        return List.copyOf(tx.items());
    }

    /** The payout leaves {@code pending_approval}; approved, it joins the settlement index. */
    private TransactWriteItem transition(Payout after, boolean toRail) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":from", s(PayoutStatus.PENDING_APPROVAL.wire()));
        values.put(":to", s(after.status().wire()));
        values.put(":now", s(Times.stored(after.updatedAt())));
        StringBuilder set = new StringBuilder("SET #st = :to, updated_at = :now");
        if (toRail) {
            set.append(", ").append(TableDefinition.DUE_PK).append(" = :due_pk, ").append(TableDefinition.DUE_AT).append(" = :due");
            values.put(":due_pk", s(LedgerKeys.SETTLE_PARTITION));
            values.put(":due", s(Times.stored(after.updatedAt()) + "#" + after.id()));
        } else {
            set.append(", failure_reason = :why");
            values.put(":why", s(after.failureReason()));
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(LedgerKeys.payout(after.id()), LedgerKeys.PAYOUT_SK))
                .updateExpression(set.toString())
                .conditionExpression("#st = :from")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(values)
                .build()).build();
    }
}
