package dev.purser.spendguard;

import static dev.purser.store.Attr.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.accounts.Account;
import dev.purser.budget.BudgetWrites;
import dev.purser.budget.MoneyDelta;
import dev.purser.commit.Commit;
import dev.purser.commit.CommitOutcome;
import dev.purser.events.EventType;
import dev.purser.idempotency.Fingerprint;
import dev.purser.idempotency.IdempotencyCheck;
import dev.purser.idempotency.IdempotencyKey;
import dev.purser.idempotency.IdempotencyRecord;
import dev.purser.idempotency.IdempotencyStore;
import dev.purser.idempotency.StoredResponse;
import dev.purser.json.Json;
import dev.purser.leases.BudgetLease;
import dev.purser.leases.LeaseStatus;
import dev.purser.leases.LeaseStore;
import dev.purser.policy.AccountRule;
import dev.purser.policy.AccountRules;
import dev.purser.policy.FieldError;
import dev.purser.policy.KnownCategories;
import dev.purser.policy.PolicyNarrowing;
import dev.purser.policy.PolicyValidator;
import dev.purser.requests.AgentContext;
import dev.purser.requests.AgentDenial;
import dev.purser.requests.DecisionReader;
import dev.purser.requests.LeaseFunding;
import dev.purser.retry.Retry;
import dev.purser.store.DueIndex;
import dev.purser.store.Keys;
import dev.purser.time.Times;
import dev.purser.time.Windows;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;

/**
 * Budget leases: a bounded slice of a parent agent's budget handed to a child agent. Create holds
 * the amount on the parent (its agent item, its windows, and the account's counters for a root
 * lease; a parent that is itself a leased child carves it from its own lease) in ONE commit with
 * the lease, the child's active-lease pointer, the idempotency record and {@code lease.created}.
 * Release and expiry each close it ONCE (conditional on {@code active} and the remaining figure
 * read), returning the unused part to the parent. The child's spend draws it down in the child's
 * own transaction ({@link LeaseFunding}; reservations call it).
 */
public final class BudgetLeases {
    public static final int MAX_ATTEMPTS = 16;
    static final java.time.Duration MAX_TERM = java.time.Duration.ofDays(366);
    static final String CREATE = "POST /v1/spend-guard/budget-leases";
    /** Fields of a parent's policy that say nothing about a pool of money (checked per spend, by the child). */
    private static final List<String> PER_SPEND_FIELDS = List.of("per_request_limit", "allowed_categories",
            "blocked_categories", "allowed_merchants", "blocked_merchants", "schedule", "requests_per_minute",
            "requests_per_hour", "auto_approve");

    private final DynamoDbClient dynamo;
    private final String table;
    private final DecisionReader reader;
    private final AgentResolver agents;
    private final LeaseStore store;
    private final LeaseFunding funding;
    private final BudgetWrites budget;
    private final IdempotencyStore idempotency;
    private final Clock clock;
    private final PolicyEvaluation engine = new PolicyEvaluation();

    public BudgetLeases(DynamoDbClient dynamo, String table, DecisionReader reader, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.reader = reader;
        this.agents = new AgentResolver(reader);
        this.store = new LeaseStore(dynamo, table);
        this.funding = new LeaseFunding(table);
        this.budget = new BudgetWrites(table);
        this.idempotency = new IdempotencyStore(dynamo, table);
        this.clock = clock;
    }

    public LeaseStore store() {
        return store;
    }

    LeaseFunding funding() {
        return funding;
    }

    /** A validated create body; {@code constraints} is a JSON object (possibly empty). */
    public record NewLease(String parentAgent, String childAgent, long amount, String currency, Instant expiresAt,
                           ObjectNode constraints) {}

    public LeaseResult create(Principal p, NewLease in, JsonNode rawBody, String idempotencyKey) {
        Fingerprint fingerprint = Fingerprint.of(CREATE, rawBody);
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            Instant now = now();
            Resolved resolved = agents.resolve(p, in.parentAgent(), now);
            if (!(resolved instanceof Resolved.Found found)) return new LeaseResult.Refused(resolved);
            AgentContext parent = found.context();
            String accountId = parent.account().id();
            IdempotencyKey idem = idemKey(p, parent.agent().id(), accountId, idempotencyKey);
            LeaseResult before = refusedBeforeReading(idem, fingerprint, in, parent.account().currency(), now);
            if (before != null) return before;
            String currency = parent.account().currency();
            if (in.childAgent().equals(parent.agent().id())) return new LeaseResult.BadChild("must not be the parent agent");
            Optional<AgentContext> child = reader.readForAgent(in.childAgent(), accountId, now);
            if (child.isEmpty()) return new LeaseResult.BadChild("no such agent in this account");

            // The parent's own lease, when it is a leased child itself: the new lease is carved from it.
            Optional<BudgetLease> parentLease = store.activeOf(parent.agent().id());
            if (parentLease.isPresent() && !parentLease.get().usableAt(now)) {
                if (parentLease.get().active()) expire(parentLease.get(), now);
                parentLease = Optional.empty();
                if (store.activeOf(parent.agent().id()).isPresent()) continue;
            }
            List<BudgetLease> parentChain = parentLease.map(store::chain).orElse(List.of());
            if (parentChain.size() >= LeaseStore.MAX_DEPTH) return new LeaseResult.TooDeep();
            for (BudgetLease l : parentChain) {
                if (l.parentAgent().equals(in.childAgent())) return new LeaseResult.BadChild("is an ancestor of the parent agent");
            }
            Optional<BudgetLease> childLease = store.activeOf(in.childAgent());
            if (childLease.isPresent()) {
                if (childLease.get().usableAt(now)) return new LeaseResult.ChildHasLease(childLease.get().id());
                if (childLease.get().active()) expire(childLease.get(), now);
                continue;
            }
            if (parentLease.isPresent() && parentLease.get().remaining() < in.amount()) {
                return new LeaseResult.ExceedsParentLease(parentLease.get());
            }

            Optional<FieldError> badConstraint = constraintProblem(in.constraints(), parent.account());
            if (badConstraint.isPresent()) return new LeaseResult.Invalid(badConstraint.get().field(), badConstraint.get().message());

            Narrowed narrowed = narrow(parent, child.get(), parentLease, in.constraints());
            if (narrowed.refusal() != null) return narrowed.refusal();
            ObjectNode parentFields = narrowed.parentFields();
            ObjectNode ceiling = narrowed.ceiling();

            // The parent's hold: its period limits (and the account's rules, the budget, its status) must allow
            // the amount as a pool; per-spend rules (per-request limit, categories, schedule, …) are the child's.
            ObjectNode poolPolicy = narrowed.parentEffective().deepCopy();
            poolPolicy.remove(PER_SPEND_FIELDS);
            Attempt asPool = new Attempt(parent.agent().id(), in.amount(), currency, null, null);
            Authorization auth = engine.evaluate(parent, asPool, now, Json.write(poolPolicy));
            if (!auth.decision().passed()) return new LeaseResult.Denied(auth);

            Windows windows = Windows.of(now, parent.account().zone());
            boolean root = parentLease.isEmpty();
            List<String> ruleIds = root
                    ? AccountRules.temporalActiveAt(parent.account().rules(), now).stream().map(AccountRule::id).sorted().toList()
                    : List.of();
            BudgetLease lease = new BudgetLease(BudgetLease.ID_PREFIX + UUID.randomUUID().toString().replace("-", ""),
                    accountId, parent.agent().id(), in.childAgent(), parentLease.map(BudgetLease::id).orElse(null),
                    LeaseStatus.ACTIVE, in.amount(), 0, 0, in.amount(), null, currency, Json.write(ceiling),
                    Json.write(parentFields), Json.write(in.constraints() == null ? Json.object() : in.constraints()),
                    now, in.expiresAt(), null, windows, ruleIds);
            ObjectNode body = lease.view();
            CommitOutcome outcome = created(p, lease, auth, parentChain, idem, fingerprint, body, now).run(dynamo);
            if (outcome.committed()) return new LeaseResult.Done(201, body);
        }
        return new LeaseResult.Contended();
    }

    /** A replay (or a reused key), a currency that is not the account's, or an expiry out of range; null to go on. */
    private LeaseResult refusedBeforeReading(IdempotencyKey idem, Fingerprint fingerprint, NewLease in, String currency, Instant now) {
        if (idem != null) {
            IdempotencyCheck check = IdempotencyStore.check(idempotency.find(idem), fingerprint, now);
            if (check instanceof IdempotencyCheck.KeyReused) return new LeaseResult.KeyReused();
            if (check instanceof IdempotencyCheck.Replay replay) return new LeaseResult.Replayed(replay.response());
        }
        if (in.currency() != null && !in.currency().equals(currency)) return new LeaseResult.CurrencyMismatch(currency);
        if (in.expiresAt() != null && (!in.expiresAt().isAfter(now) || in.expiresAt().isAfter(now.plus(MAX_TERM)))) {
            return new LeaseResult.Invalid("expires_at", "must be in the future and at most 366 days away");
        }
        return null;
    }

    /** The parent's effective policy, the lease fields it may pass on, and the ceiling; or why the lease would widen it. */
    private record Narrowed(ObjectNode parentEffective, ObjectNode parentFields, ObjectNode ceiling, LeaseResult refusal) {}

    /** Narrowing: the child's own policy ∩ the constraints may not widen the parent's effective policy. */
    private Narrowed narrow(AgentContext parent, AgentContext child, Optional<BudgetLease> parentLease, ObjectNode constraints) {
        ObjectNode parentEffective = PolicyNarrowing.effective(policyOf(parent.agent().policyJson()),
                parentLease.map(l -> (ObjectNode) Json.parseTrusted(l.ceiling())).orElse(null));
        ObjectNode parentFields = PolicyNarrowing.leaseFields(parentEffective);
        ObjectNode constraintPolicy = PolicyNarrowing.asPolicy(constraints);
        Optional<String> wide = PolicyNarrowing.widening(constraintPolicy, parentFields);
        if (wide.isPresent()) {
            return new Narrowed(null, null, null, new LeaseResult.Widening("constraints." + PolicyNarrowing.constraintName(wide.get()),
                    "widens the parent agent's " + wide.get()));
        }
        ObjectNode childOwn = policyOf(child.agent().policyJson());
        Optional<String> childWide = PolicyNarrowing.widening(
                PolicyNarrowing.effective(PolicyNarrowing.leaseFields(childOwn), constraintPolicy), parentFields);
        if (childWide.isPresent()) {
            return new Narrowed(null, null, null, new LeaseResult.Widening(childWide.get(), "the child agent's policy "
                    + childWide.get() + " widens the parent agent's (narrow it, or narrow it in constraints)"));
        }
        ObjectNode ceiling = PolicyNarrowing.leaseFields(PolicyNarrowing.effective(constraintPolicy, parentFields));
        return new Narrowed(parentEffective, parentFields, ceiling, null);
    }

    /** ONE transaction: the lease, the child's pointer, the parent's hold (and its own lease's draw), the record, the event. */
    private Commit created(Principal p, BudgetLease lease, Authorization auth, List<BudgetLease> parentChain, IdempotencyKey idem,
                           Fingerprint fingerprint, ObjectNode body, Instant now) {
        boolean root = lease.parentLeaseId() == null;
        Commit commit = Commit.in(table)
                .putNew("lease", lease.toItem())
                .put("pointer", store.pointer(lease))
                .update("agent", budget.agentSpend(lease.parentAgent(), MoneyDelta.hold(lease.amount()), 0, false));
        budget.guarded(commit, lease.parentHold(), auth.decision().guards(), MoneyDelta.hold(lease.amount()), now, root);
        if (!root) funding.draw(commit, parentChain, lease.amount(), false, now);
        if (p.isAgent()) commit.conditionCheck("token", tokenActive(p.agentTokenHash()));
        if (idem != null) commit.idempotency(IdempotencyRecord.completed(idem, fingerprint, new StoredResponse(201, Json.write(body)), now));
        return commit.event(EventType.LEASE_CREATED, lease.accountId(), body, now);
    }

    /** Releases the unused part of an active lease back to the parent, exactly once. */
    public LeaseResult release(Principal p, String id, JsonNode rawBody, String idempotencyKey) {
        String callerAgent = callerAgent(p);
        if (p.isAgent() && callerAgent == null) return new LeaseResult.Refused(new Resolved.Denied(AgentDenial.INVALID_TOKEN));
        Fingerprint fingerprint = Fingerprint.of("POST /v1/spend-guard/budget-leases/" + id + "/release", rawBody);
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            Instant now = now();
            Optional<BudgetLease> found = store.get(id);
            if (found.isEmpty() || !visible(p, callerAgent, found.get())) return new LeaseResult.NotFound();
            BudgetLease l = found.get();
            // An agent may release only what it granted (the owner, anything of the account).
            if (p.isAgent() && !l.parentAgent().equals(callerAgent)) return new LeaseResult.Refused(new Resolved.OtherAgent(l.parentAgent()));
            IdempotencyKey idem = idemKey(p, callerAgent, l.accountId(), idempotencyKey);
            if (idem != null) {
                IdempotencyCheck check = IdempotencyStore.check(idempotency.find(idem), fingerprint, now);
                if (check instanceof IdempotencyCheck.KeyReused) return new LeaseResult.KeyReused();
                if (check instanceof IdempotencyCheck.Replay replay) return new LeaseResult.Replayed(replay.response());
            }
            if (!l.active()) return new LeaseResult.NotActive(l);
            if (!l.usableAt(now)) {
                expire(l, now);
                continue;
            }
            BudgetLease after = closed(l, LeaseStatus.RELEASED, now);
            Commit commit = Commit.in(table);
            funding.close(commit, store.chain(l), LeaseStatus.RELEASED, now, store);
            if (idem != null) commit.idempotency(IdempotencyRecord.completed(idem, fingerprint, new StoredResponse(200, Json.write(after.view())), now));
            commit.event(EventType.LEASE_RELEASED, l.accountId(), after.view(), now);
            CommitOutcome o = commit.run(dynamo);
            if (o.committed()) return new LeaseResult.Done(200, after.view());
        }
        return new LeaseResult.Contended();
    }

    /** Expires an active lease past its expiry; false when something else closed it first. */
    public boolean expire(BudgetLease read, Instant now) {
        BudgetLease l = read;
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            if (!l.active() || l.expiresAt() == null || now.isBefore(l.expiresAt())) return false;
            BudgetLease after = closed(l, LeaseStatus.EXPIRED, now);
            Commit commit = Commit.in(table);
            funding.close(commit, store.chain(l), LeaseStatus.EXPIRED, now, store);
            commit.event(EventType.LEASE_EXPIRED, l.accountId(), after.view(), now);
            CommitOutcome o = commit.run(dynamo);
            if (o.committed()) return true;
            Optional<BudgetLease> again = store.get(l.id());
            if (again.isEmpty()) return false;
            l = again.get();
        }
        return false;
    }

    /** The sweep: expires every active lease due at {@code now}, up to {@code max}. */
    public int sweep(Instant now, int max) {
        return DueIndex.drain(max, n -> store.due(now, n), l -> expire(l, now));
    }

    /** One lease, if the caller may see it (the owner's account; an agent that is its parent or child). */
    public Optional<BudgetLease> get(Principal p, String id) {
        String callerAgent = callerAgent(p);
        if (p.isAgent() && callerAgent == null) return Optional.empty();
        return store.get(id).filter(l -> visible(p, callerAgent, l));
    }

    String callerAgent(Principal p) {
        if (!p.isAgent()) return null;
        AgentContext ctx = reader.read(p.agentTokenHash(), now(), false, null);
        return ctx.tokenActive() ? ctx.agent().id() : null;
    }

    String accountOf(Principal p) {
        if (!p.isAgent()) return p.ownerAccountId();
        AgentContext ctx = reader.read(p.agentTokenHash(), now(), false, null);
        return ctx.tokenActive() ? ctx.account().id() : null;
    }

    private static boolean visible(Principal p, String callerAgent, BudgetLease l) {
        if (!p.isAgent()) return l.accountId().equals(p.ownerAccountId());
        return l.parentAgent().equals(callerAgent) || l.childAgent().equals(callerAgent);
    }

    private static BudgetLease closed(BudgetLease l, LeaseStatus to, Instant now) {
        return new BudgetLease(l.id(), l.accountId(), l.parentAgent(), l.childAgent(), l.parentLeaseId(), to, l.amount(),
                l.held(), l.spent(), 0, l.remaining(), l.currency(), l.ceiling(), l.parentPolicy(), l.constraints(),
                l.createdAt(), l.expiresAt(), now, l.windows(), l.ruleIds());
    }

    /**
     * The constraints read as a policy must pass the policy's own rules (docs/policy.md): categories
     * the account has, merchant patterns with a canonical form. The first problem, under its
     * constraint's name.
     */
    private static Optional<FieldError> constraintProblem(ObjectNode constraints, Account account) {
        List<FieldError> problems = PolicyValidator.validate(PolicyNarrowing.asPolicy(constraints),
                KnownCategories.of(account.categories(), account.activeAliases(), null));
        if (problems.isEmpty()) return Optional.empty();
        FieldError e = problems.get(0);
        int bracket = e.field().indexOf('[');
        String base = bracket < 0 ? e.field() : e.field().substring(0, bracket);
        String rest = bracket < 0 ? "" : e.field().substring(bracket);
        return Optional.of(e.at("constraints." + PolicyNarrowing.constraintName(base) + rest));
    }

    static ObjectNode policyOf(String json) {
        if (json == null) return Json.object();
        JsonNode n = Json.parseTrusted(json);
        return n instanceof ObjectNode o ? o : Json.object();
    }

    private ConditionCheck tokenActive(String tokenHash) {
        return ConditionCheck.builder().tableName(table).key(key(Keys.token(tokenHash), Keys.TOKEN_SK))
                .conditionExpression("active = :true")
                .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true)))
                .build();
    }

    private static IdempotencyKey idemKey(Principal p, String agentId, String accountId, String key) {
        if (key == null) return null;
        return p.isAgent() ? IdempotencyKey.forAgent(agentId, key) : IdempotencyKey.forAccount(accountId, key);
    }

    private Instant now() {
        return Times.micros(clock.instant());
    }
}
