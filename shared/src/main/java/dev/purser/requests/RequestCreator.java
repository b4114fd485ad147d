package dev.purser.requests;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.accounts.Account;
import dev.purser.accounts.Agent;
import dev.purser.budget.BudgetWrites;
import dev.purser.budget.MoneyDelta;
import dev.purser.commit.Commit;
import dev.purser.commit.CommitOutcome;
import dev.purser.events.EventType;
import dev.purser.idempotency.Fingerprint;
import dev.purser.idempotency.IdempotencyKey;
import dev.purser.idempotency.IdempotencyRecord;
import dev.purser.idempotency.StoredResponse;
import dev.purser.json.Json;
import dev.purser.leases.BudgetLease;
import dev.purser.leases.LeaseStore;
import dev.purser.policy.AccountRule;
import dev.purser.policy.AccountRules;
import dev.purser.policy.Decision;
import dev.purser.policy.Guard;
import dev.purser.policy.Outcome;
import dev.purser.policy.Snapshot;
import dev.purser.policy.VelocityScope;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import dev.purser.time.Windows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Commits a decided request in ONE DynamoDB transaction: the request item, the agent's money
 * ({@code available >= amount}, status still active, pending cap), account totals, the agent and
 * account window counters, temporal rule counters, velocity counters, the rate counter, the
 * idempotency record and the outbox event. Every limit the decision relied on is re-asserted as a
 * condition ({@link Guard}), so no interleaving of concurrent requests can exceed a limit: a
 * request that lost a race is cancelled whole and decided again on fresh figures.
 */
public final class RequestCreator {
    private final DynamoDbClient dynamo;
    private final String table;
    private final BudgetWrites budget;
    private final LeaseStore leases;
    private final LeaseFunding funding;

    public RequestCreator(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.budget = new BudgetWrites(table);
        this.leases = new LeaseStore(dynamo, table);
        this.funding = new LeaseFunding(table);
    }

    /** What the caller decided, ready to commit. */
    public record Decided(
            Agent agent,
            Account account,
            String tokenHash,
            NewRequest input,
            String category,
            String originalCategory,
            Decision decision,
            Snapshot snapshot,
            long remainingBefore,
            Instant now,
            IdempotencyKey idempotencyKey,
            Fingerprint fingerprint,
            BudgetLease lease) {

        /** A decision for an agent without a budget lease. */
        public Decided(Agent agent, Account account, String tokenHash, NewRequest input, String category,
                       String originalCategory, Decision decision, Snapshot snapshot, long remainingBefore, Instant now,
                       IdempotencyKey idempotencyKey, Fingerprint fingerprint) {
            this(agent, account, tokenHash, input, category, originalCategory, decision, snapshot, remainingBefore, now,
                    idempotencyKey, fingerprint, null);
        }
    }

    public CreateOutcome commit(Decided d) {
        String requestId = UUID.randomUUID().toString();
        Outcome outcome = d.decision().outcome();
        RequestStatus status = switch (outcome) {
            case AUTO_APPROVED -> RequestStatus.AUTO_APPROVED;
            case PENDING -> RequestStatus.PENDING;
            case REJECTED -> RequestStatus.REJECTED;
        };
        long amount = d.input().amountMinor();
        String currency = d.account().currency();
        Instant now = d.now();
        Instant expiresAt = switch (status) {
            case PENDING -> now.plus(Duration.ofMinutes(d.account().requestExpiryMinutes()));
            default -> now;
        };
        Windows windows = Windows.of(now, d.account().zone());
        // A leased child's accepted request is funded by its lease (docs/invariants.md §11): the
        // account's counters (and rules) already hold the lease, so they are left out here.
        BudgetLease lease = status == RequestStatus.REJECTED ? null : d.lease();
        List<String> ruleIds = status == RequestStatus.REJECTED || lease != null ? List.of()
                : AccountRules.temporalActiveAt(d.account().rules(), now).stream().map(AccountRule::id).sorted().toList();

        ObjectNode policyCheck = RequestViews.policyCheck(d.decision());
        PurchaseRequest request = new PurchaseRequest(requestId, d.agent().id(), d.account().id(), status, amount, currency,
                d.category(), d.originalCategory(), d.input().merchantName(), d.input().description(),
                d.input().agentComment(), Json.write(policyCheck), now,
                status == RequestStatus.PENDING ? null : now, expiresAt, null, null, null, null, windows, ruleIds,
                lease == null ? null : lease.id());
        ObjectNode body = RequestViews.created(request, d.remainingBefore(), policyCheck);

        Commit commit = Commit.in(table)
                .putNew("request", RequestItems.toItem(request))
                .update("token", budget.token(d.tokenHash(), now))
                .counter("rate", budget.rate(d.agent().id(), now));
        if (d.idempotencyKey() != null) {
            commit.idempotency(IdempotencyRecord.completed(d.idempotencyKey(), d.fingerprint(),
                    new StoredResponse(201, Json.write(body)), now));
        }
        if (status == RequestStatus.REJECTED) {
            if (d.decision().velocityFailure() != null) {
                commit.putNew(VELOCITY_REJECTION, velocityRejection(d, requestId));
            }
        } else {
            MoneyDelta delta = status == RequestStatus.PENDING ? MoneyDelta.hold(amount) : MoneyDelta.spend(amount);
            commit.update("agent", budget.agentSpend(d.agent().id(), delta, status == RequestStatus.PENDING ? 1 : 0, true));
            budget.guarded(commit, request.hold(), d.decision().guards(), delta, now, lease == null);
            // Pending: a hold in the lease; auto-approved: a spend (and the parent's hold becomes its
            // spend, level by level). Conditional on active, unexpired, remaining >= amount: a lost
            // race fails the whole commit, and the caller decides again on the fresh lease.
            if (lease != null) funding.draw(commit, leases.chain(lease), amount, status == RequestStatus.AUTO_APPROVED, now);
        }
        commit.event(eventType(status), d.account().id(), RequestViews.owner(request), now);
        LimitEvents.Plan limits = LimitEvents.plan(d.agent(), request, d.decision(), d.snapshot(), now);
        if (limits.pauseAgent()) commit.update("suspend", pauseAgent(d.agent().id(), now));
        for (LimitEvents.Emitted e : limits.events()) {
            commit.event(e.type(), d.account().id(), e.data(), now);
        }

        CommitOutcome result = commit.run(dynamo);
        if (result.committed()) return new CreateOutcome.Committed(body);
        if (result instanceof CommitOutcome.ConditionFailed f) {
            return VELOCITY_REJECTION.equals(f.label())
                    ? new CreateOutcome.ReusedVelocityRejection(null) : new CreateOutcome.Contended(f.label());
        }
        return new CreateOutcome.Contended(result.toString());
    }

    private static final String VELOCITY_REJECTION = "velocity-rejection";

    /**
     * The writes of an accepted request made by another decision path (the x402 router): the
     * token re-asserted, the POST rate counter, the agent's money ({@code available >= amount},
     * still active) and every counter the request counts in, each with its guard. The caller adds
     * the request item and its event to the same commit.
     */
    public void acceptedWrites(Commit commit, String tokenHash, List<Guard> guards, PurchaseRequest request, Instant now) {
        MoneyDelta delta = request.status() == RequestStatus.PENDING
                ? MoneyDelta.hold(request.amount()) : MoneyDelta.spend(request.amount());
        commit.update("token", budget.token(tokenHash, now))
                .counter("rate", budget.rate(request.agentId(), now))
                .update("agent", budget.agentSpend(request.agentId(), delta, request.status() == RequestStatus.PENDING ? 1 : 0, true));
        budget.guarded(commit, request.hold(), guards, delta, now, true);
    }

    /** {@code on_limit_exceeded: suspend}: conditional on still active, so a race re-decides. */
    private Update pauseAgent(String agentId, Instant now) {
        return Update.builder().tableName(table)
                .key(key(Keys.agent(agentId), Keys.AGENT_SK))
                .updateExpression("SET #st = :paused, updated_at = :now")
                .conditionExpression("#st = :active")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":paused", s("paused"), ":active", s("active"),
                        ":now", s(Times.stored(now))))
                .build();
    }

    private Map<String, AttributeValue> velocityRejection(Decided d, String requestId) {
        VelocityScope scope = d.decision().velocityFailure();
        Instant now = d.now();
        char c = scope == VelocityScope.MINUTE ? 'M' : 'H';
        String bucket = scope == VelocityScope.MINUTE ? Windows.minuteBucket(now) : Windows.hourBucket(now);
        long ttl = now.plusSeconds(scope == VelocityScope.MINUTE ? 120 : 7200).getEpochSecond();
        Map<String, AttributeValue> item = Map.of(
                TableDefinition.PK, s(Keys.agent(d.agent().id())),
                TableDefinition.SK, s(Keys.velocityRejectionSk(c, bucket)),
                "request_id", s(requestId),
                TableDefinition.TTL, n(ttl));
        return item;
    }

    /** The key of the velocity-rejection marker a decision's failure belongs to. */
    public static Map<String, AttributeValue> velocityRejectionKey(String agentId, VelocityScope scope, Instant now) {
        char c = scope == VelocityScope.MINUTE ? 'M' : 'H';
        String bucket = scope == VelocityScope.MINUTE ? Windows.minuteBucket(now) : Windows.hourBucket(now);
        return key(Keys.agent(agentId), Keys.velocityRejectionSk(c, bucket));
    }

    private static EventType eventType(RequestStatus status) {
        return switch (status) {
            case AUTO_APPROVED -> EventType.REQUEST_AUTO_APPROVED;
            case PENDING -> EventType.REQUEST_PENDING;
            default -> EventType.REQUEST_REJECTED;
        };
    }

    /** Kept for callers outside the request path (the bench); the view lives in {@link RequestViews}. */
    public static ObjectNode policyCheck(Decision decision) {
        return RequestViews.policyCheck(decision);
    }

    /**
     * Counts a POST that commits nothing (a replay, a reused velocity rejection) against the rate
     * limit. False when the minute's limit is already reached.
     */
    public boolean chargeRate(String agentId, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(Keys.agent(agentId), Keys.rateSk(Windows.minuteBucket(now))))
                    .updateExpression("ADD n :one SET #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(n) OR n < :limit")
                    .expressionAttributeNames(Map.of("#ttl", TableDefinition.TTL))
                    .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(BudgetWrites.RATE_LIMIT_PER_MINUTE),
                            ":ttl", n(now.plusSeconds(120).getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The request id of the window's first velocity rejection, which later ones reuse. */
    public String firstVelocityRejection(String agentId, VelocityScope scope, Instant now) {
        var marker = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(velocityRejectionKey(agentId, scope, now))).item();
        return marker == null ? null : str(marker, "request_id");
    }
}
