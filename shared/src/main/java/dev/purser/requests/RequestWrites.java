package dev.purser.requests;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import dev.purser.budget.BudgetWrites;
import dev.purser.budget.MoneyDelta;
import dev.purser.commit.Commit;
import dev.purser.store.Keys;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Reads and writes of request rows on behalf of the paths that record a decision as a request
 * but settle it elsewhere (a wallet payment, a payment token): the row is read here, and its
 * failure (with the budget it no longer spends) is written here.
 */
public final class RequestWrites {
    private final DynamoDbClient dynamo;
    private final String table;
    private final BudgetWrites budget;

    public RequestWrites(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.budget = new BudgetWrites(table);
    }

    /** The request by id (consistent), or null. */
    public PurchaseRequest get(String requestId) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(Keys.request(requestId), Keys.REQUEST_SK))).item();
        return item == null || item.isEmpty() ? null : PurchaseRequest.fromItem(item);
    }

    /**
     * A payment or payout that will not complete (failed on its rail, a token cancelled, expired or
     * breached): its request (same id), when accepted, fails, and its spend leaves the agent's money and every counter it
     * counts in, in the caller's commit. Nothing when the request is gone or no longer accepted (a
     * payout made before payouts were decided by policy has none).
     */
    public void failPaid(Commit tx, String id, Instant now) {
        PurchaseRequest r = accepted(id);
        if (r == null) return;
        tx.update("request", Update.builder().tableName(table)
                .key(key(Keys.request(r.id()), Keys.REQUEST_SK))
                .updateExpression("SET #st = :failed, completed_at = :now")
                .conditionExpression("#st = :from")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":failed", s(RequestStatus.FAILED.wire()), ":now", s(Times.stored(now)),
                        ":from", s(r.status().wire())))
                .build());
        unspend(tx, r, r.amount());
    }

    /**
     * A payment that settles for less than it held (x402 {@code upto}): {@code released} of its
     * spend leaves the agent's money and every counter, as {@link #failPaid} does for all of it, and
     * the request counts what was settled ({@code authorized_amount} keeps the maximum). Nothing
     * when the request is gone or no longer accepted.
     */
    public void failPaidPart(Commit tx, String id, long released, Instant now) {
        PurchaseRequest r = accepted(id);
        if (r == null) return;
        long part = Math.min(released, r.amount());
        tx.update("request", Update.builder().tableName(table)
                .key(key(Keys.request(r.id()), Keys.REQUEST_SK))
                .updateExpression("SET amount = :settled, authorized_amount = :max")
                .conditionExpression("#st = :from AND amount = :max")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":settled", n(r.amount() - part), ":max", n(r.amount()),
                        ":from", s(r.status().wire())))
                .build());
        unspend(tx, r, part);
    }

    private PurchaseRequest accepted(String id) {
        PurchaseRequest r = get(id);
        return r != null && (r.status() == RequestStatus.AUTO_APPROVED || r.status() == RequestStatus.APPROVED) ? r : null;
    }

    private void unspend(Commit tx, PurchaseRequest r, long amount) {
        MoneyDelta delta = MoneyDelta.spend(-amount);
        tx.update("agent", budget.agentMoney(r.agentId(), delta, 0).build());
        budget.everywhere(tx, r.hold(), delta);
    }
}
