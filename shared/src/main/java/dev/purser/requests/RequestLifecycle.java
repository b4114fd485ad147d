package dev.purser.requests;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import dev.purser.budget.BudgetWrites;
import dev.purser.budget.MoneyDelta;
import dev.purser.commit.Commit;
import dev.purser.events.EventType;
import dev.purser.idempotency.Fingerprint;
import dev.purser.idempotency.IdempotencyKey;
import dev.purser.idempotency.IdempotencyRecord;
import dev.purser.idempotency.StoredResponse;
import dev.purser.json.Json;
import dev.purser.leases.BudgetLease;
import dev.purser.leases.LeaseStore;
import dev.purser.money.Money;
import dev.purser.retry.Contended;
import dev.purser.retry.Retry;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The request state machine (spec §3.2), one module for every caller: owner approve and reject,
 * one-click links, lazy and swept expiry, and the agent's confirm. Each transition is ONE
 * transaction whose request update is conditional on the status it starts from, so a hold is
 * released or converted exactly once however many callers race (an approve against the sweep,
 * two reviewers, a double confirm): the loser's transaction is cancelled whole and it re-reads.
 *
 * <pre>
 *   (new) ──► pending ──approve──► approved ──confirm ok──► completed
 *     │          ├──reject───► rejected        └─confirm fail─► failed
 *     │          └──expire───► expired
 *     ├────► auto_approved ──confirm──► completed | failed
 *     └────► rejected
 * </pre>
 */
public final class RequestLifecycle {
    private static final int MAX_ATTEMPTS = 5;

    private final DynamoDbClient dynamo;
    private final String table;
    private final BudgetWrites budget;
    private final RequestLinks links;
    private final LeaseStore leases;
    private final LeaseFunding funding;

    public RequestLifecycle(DynamoDbClient dynamo, String table) {
        this(dynamo, table, RequestLinks.NONE);
    }

    /** @param links what linked requests (payments) add to their transitions */
    public RequestLifecycle(DynamoDbClient dynamo, String table, RequestLinks links) {
        this.dynamo = dynamo;
        this.table = table;
        this.budget = new BudgetWrites(table);
        this.links = links;
        this.leases = new LeaseStore(dynamo, table);
        this.funding = new LeaseFunding(table);
    }

    public PurchaseRequest get(String requestId) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(Keys.request(requestId), Keys.REQUEST_SK))).item();
        return item == null || item.isEmpty() ? null : PurchaseRequest.fromItem(item);
    }

    /** Owner approval: the hold becomes spend. Past expiry, the request expires instead. */
    public Transition approve(String accountId, String requestId, Instant now) {
        return review(accountId, requestId, now, true, null);
    }

    /** Owner rejection: the hold is released. Past expiry, the request expires instead. */
    public Transition reject(String accountId, String requestId, String reason, Instant now) {
        return review(accountId, requestId, now, false, reason);
    }

    private Transition review(String accountId, String requestId, Instant now, boolean approve, String reason) {
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            PurchaseRequest r = get(requestId);
            if (r == null || !r.accountId().equals(accountId)) return new Transition.NotFound();
            if (r.status() != RequestStatus.PENDING) return new Transition.WrongStatus(r);
            if (r.pendingPastExpiry(now)) {
                Transition t = expire(r, now);
                if (t instanceof Transition.Done d) return new Transition.Expired(d.request());
                continue;
            }
            RequestStatus to = approve ? RequestStatus.APPROVED : RequestStatus.REJECTED;
            PurchaseRequest after = with(r, to, now, r.completedAt(), r.actualAmount(), r.receiptUrl(), reason);
            MoneyDelta delta = approve ? MoneyDelta.convert(r.amount()) : MoneyDelta.release(r.amount());
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":to", s(to.wire()));
            values.put(":now", s(Times.stored(now)));
            values.put(":pending", s(RequestStatus.PENDING.wire()));
            String set = "SET #st = :to, reviewed_at = :now";
            if (reason != null) {
                set += ", review_reason = :reason";
                values.put(":reason", s(reason));
            }
            Update request = Update.builder().tableName(table).key(key(Keys.request(r.id()), Keys.REQUEST_SK))
                    .updateExpression(set + " REMOVE " + TableDefinition.DUE_PK + ", " + TableDefinition.DUE_AT)
                    .conditionExpression("#st = :pending AND expires_at >= :now")
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(values)
                    .build();
            EventType type = approve ? EventType.REQUEST_APPROVED : EventType.REQUEST_REJECTED;
            Commit commit = transition(request, r, delta, -1, type, after, now);
            // A lease-funded hold becomes the lease's spend (approve) or goes back to it (reject).
            resolveLease(commit, r, r.amount(), approve ? r.amount() : 0);
            if (commit.run(dynamo).committed()) return new Transition.Done(after);
        }
        throw new Contended("The request kept changing during review; retry shortly");
    }

    /**
     * Expires a pending request whose expiry has passed, releasing its hold. Returns WrongStatus
     * if another caller resolved it first (the sweep relies on that to release exactly once).
     */
    public Transition expire(PurchaseRequest r, Instant now) {
        if (!r.pendingPastExpiry(now)) return new Transition.WrongStatus(r);
        PurchaseRequest after = with(r, RequestStatus.EXPIRED, null, null, null, r.receiptUrl(), r.reviewReason());
        Update request = Update.builder().tableName(table).key(key(Keys.request(r.id()), Keys.REQUEST_SK))
                .updateExpression("SET #st = :to, expired_at = :now REMOVE " + TableDefinition.DUE_PK + ", " + TableDefinition.DUE_AT)
                .conditionExpression("#st = :pending AND expires_at < :now")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":to", s(RequestStatus.EXPIRED.wire()), ":now", s(Times.stored(now)),
                        ":pending", s(RequestStatus.PENDING.wire())))
                .build();
        Commit commit = transition(request, r, MoneyDelta.release(r.amount()), -1, EventType.REQUEST_EXPIRED, after, now);
        resolveLease(commit, r, r.amount(), 0);
        if (commit.run(dynamo).committed()) return new Transition.Done(after);
        PurchaseRequest current = get(r.id());
        return new Transition.WrongStatus(current == null ? r : current);
    }

    /** Expires the request by id if it is pending and past expiry (lazy expiry on read). */
    public PurchaseRequest expireIfDue(PurchaseRequest r, Instant now) {
        if (!r.pendingPastExpiry(now)) return r;
        Transition t = expire(r, now);
        if (t instanceof Transition.Done d) return d.request();
        return ((Transition.WrongStatus) t).request();
    }

    /**
     * The agent confirms an approved purchase (spec §1.6): success with an actual amount adjusts
     * spend by the difference in the request's own windows; failure refunds the original amount.
     */
    public Transition confirm(String agentId, String requestId, boolean success, Long actualAmount, String receiptUrl,
                              Instant now) {
        return confirm(agentId, requestId, success, actualAmount, receiptUrl, now, null, null);
    }

    /**
     * Confirm, remembering its 200 answer ({@link RequestViews#confirmed}) under {@code key} IN the
     * same transaction as the confirm itself: a retry after a crash that lost the answer replays
     * it, and there is no window where the confirm is durable but its record is not.
     */
    public Transition confirm(String agentId, String requestId, boolean success, Long actualAmount, String receiptUrl,
                              Instant now, IdempotencyKey key, Fingerprint fingerprint) {
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            PurchaseRequest r = get(requestId);
            if (r == null || !r.agentId().equals(agentId)) return new Transition.NotFound();
            // A payment's request settles through its rail, never by an agent's confirm.
            if (links.linked(r)) return new Transition.WrongStatus(r);
            if (r.status() != RequestStatus.APPROVED && r.status() != RequestStatus.AUTO_APPROVED) {
                return new Transition.WrongStatus(r);
            }
            RequestStatus to = success ? RequestStatus.COMPLETED : RequestStatus.FAILED;
            Long stored = success ? actualAmount : null;
            String receipt = receiptUrl != null ? receiptUrl : r.receiptUrl();
            PurchaseRequest after = with(r, to, r.reviewedAt(), now, stored, receipt, r.reviewReason());
            MoneyDelta delta = success
                    ? MoneyDelta.spend(actualAmount == null ? 0 : actualAmount - r.amount())
                    : MoneyDelta.spend(-r.amount());
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":to", s(to.wire()));
            values.put(":now", s(Times.stored(now)));
            values.put(":from", s(r.status().wire()));
            StringBuilder set = new StringBuilder("SET #st = :to, completed_at = :now");
            if (stored != null) {
                set.append(", actual_amount = :actual");
                values.put(":actual", n(stored));
            }
            if (receiptUrl != null) {
                set.append(", receipt_url = :receipt");
                values.put(":receipt", s(receiptUrl));
            }
            Update request = Update.builder().tableName(table).key(key(Keys.request(r.id()), Keys.REQUEST_SK))
                    .updateExpression(set.toString())
                    .conditionExpression("#st = :from")
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(values)
                    .build();
            EventType type = success ? EventType.REQUEST_COMPLETED : EventType.REQUEST_FAILED;
            Commit commit = transition(request, r, delta, 0, type, after, now);
            // The lease's spend follows the actual amount (a failure refunds it whole).
            long adjust = success ? (actualAmount == null ? 0 : actualAmount - r.amount()) : -r.amount();
            if (r.leaseId() != null && adjust > 0) drawMoreFromLease(commit, r, adjust, now);
            else resolveLease(commit, r, 0, adjust);
            if (key != null) {
                commit.idempotency(IdempotencyRecord.completed(key, fingerprint,
                        new StoredResponse(200, Json.write(RequestViews.confirmed(after))), now));
            }
            if (commit.run(dynamo).committed()) return new Transition.Done(after);
        }
        throw new Contended("The request kept changing during confirm; retry shortly");
    }

    /** One transaction: the conditional request update, the agent's money, every counter, the event. */
    private Commit transition(Update request, PurchaseRequest r, MoneyDelta delta, long pendingDelta, EventType type,
                              PurchaseRequest after, Instant now) {
        Commit commit = Commit.in(table).update("request", request);
        if (!delta.isZero() || pendingDelta != 0) {
            commit.update("agent", budget.agentMoney(r.agentId(), delta, pendingDelta).build());
        }
        // Lease-funded: the account's counters hold the lease, not the request (invariants §11).
        budget.everywhere(commit, r.hold(), delta);
        commit.event(type, r.accountId(), RequestViews.owner(after), now);
        // A payment's request moves the payment's money in this same transaction.
        if (links.linked(r)) {
            var linked = links.onTransition(r, after.status(), now);
            for (int i = 0; i < linked.size(); i++) commit.item("link:" + i, linked.get(i));
        }
        return commit;
    }

    /**
     * A lease-funded request's hold {@code h} in its lease resolves into a spend {@code s} (negative:
     * spend handed back), through {@link LeaseFunding#resolve}, conditional on the lease's status as
     * read here, so a release or expiry racing this transition makes it fail and be retried.
     */
    private void resolveLease(Commit commit, PurchaseRequest r, long h, long s) {
        if (r.leaseId() == null || (h == 0 && s == 0)) return;
        funding.resolve(commit, leases.chain(lease(r)), 0, h, s);
    }

    /**
     * A confirmed actual amount above the request: the excess is a new spend from the lease, which
     * must still be usable and have it ({@code remaining ≥ excess}, asserted in the transaction).
     */
    private void drawMoreFromLease(Commit commit, PurchaseRequest r, long excess, Instant now) {
        BudgetLease lease = lease(r);
        if (!lease.usableAt(now) || lease.remaining() < excess) {
            throw new Contended("actual_amount exceeds the agent's budget lease " + lease.id()
                    + " by more than its remaining " + Money.plain(lease.usableAt(now) ? lease.remaining() : 0));
        }
        funding.draw(commit, leases.chain(lease), excess, true, now);
    }

    private BudgetLease lease(PurchaseRequest r) {
        return leases.get(r.leaseId()).orElseThrow(() -> new IllegalStateException("missing lease " + r.leaseId()));
    }

    private static PurchaseRequest with(PurchaseRequest r, RequestStatus status, Instant reviewedAt, Instant completedAt,
                                        Long actual, String receipt, String reason) {
        return new PurchaseRequest(r.id(), r.agentId(), r.accountId(), status, r.amount(), r.currency(), r.category(),
                r.originalCategory(), r.merchantName(), r.description(), r.agentComment(), r.policyCheckJson(),
                r.createdAt(), reviewedAt, r.expiresAt(), completedAt, actual, receipt, reason, r.windows(), r.ruleIds(), r.leaseId());
    }

    static final Set<RequestStatus> CONFIRMABLE = Set.of(RequestStatus.APPROVED, RequestStatus.AUTO_APPROVED);
}
