package dev.purser.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.budget.BudgetWrites;
import dev.purser.idempotency.Fingerprint;
import dev.purser.idempotency.IdempotencyCheck;
import dev.purser.idempotency.IdempotencyKey;
import dev.purser.idempotency.IdempotencyStore;
import dev.purser.json.Json;
import dev.purser.leases.BudgetLease;
import dev.purser.money.Money;
import dev.purser.policy.Check;
import dev.purser.policy.CategoryResolver;
import dev.purser.policy.Decision;
import dev.purser.policy.Outcome;
import dev.purser.policy.PolicyEngine;
import dev.purser.policy.PolicyNarrowing;
import dev.purser.policy.PurchaseAttempt;
import dev.purser.policy.ResolvedCategory;
import dev.purser.retry.Retry;
import dev.purser.time.Times;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The use case "an agent asks before it spends": read (one batch), decide (the pure engine),
 * commit (one transaction), and if the transaction lost a race, all again on fresh figures, a
 * bounded number of times, so the answer always reflects real figures. Knows nothing of HTTP:
 * the Agent API, an MCP server or a console call it with typed input and render the
 * {@link DecisionResult}.
 */
public final class RequestDecisions {
    public static final int MAX_ATTEMPTS = 12;
    /** The operation name in create's idempotency fingerprint. */
    static final String CREATE = "POST /requests";

    private final DecisionReader reader;
    private final RequestCreator creator;
    private final Clock clock;
    private final PolicyCache policies = new PolicyCache();

    public RequestDecisions(DecisionReader reader, RequestCreator creator, Clock clock) {
        this.reader = reader;
        this.creator = creator;
        this.clock = clock;
    }

    /**
     * A purchase request.
     *
     * @param tokenHash SHA-256 of the agent's bearer token
     * @param input the validated request; validated only after authentication (the spec's order),
     *              so a caller passes how to obtain it, which may throw its own validation error
     * @param rawBody the body as sent, for the idempotency fingerprint (null when none)
     * @param idempotencyKey the caller's key, or null
     */
    public record Create(String tokenHash, Supplier<NewRequest> input, JsonNode rawBody, String idempotencyKey) {}

    public DecisionResult create(Create c) {
        Fingerprint fingerprint = Fingerprint.of(CREATE, c.rawBody());
        NewRequest input = null;
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            Instant now = now();
            AgentContext ctx = reader.read(c.tokenHash(), now, true, c.idempotencyKey());
            var denial = AgentDenial.of(ctx);
            if (denial.isPresent()) return new DecisionResult.Denied(denial.get());
            if (input == null) input = c.input().get();
            if (ctx.rateCount() >= BudgetWrites.RATE_LIMIT_PER_MINUTE) return new DecisionResult.RateLimited();
            IdempotencyCheck check = IdempotencyStore.check(ctx.idempotency(), fingerprint, now);
            if (check instanceof IdempotencyCheck.KeyReused) return new DecisionResult.KeyReused();
            if (check instanceof IdempotencyCheck.Replay replay) {
                // Every POST counts against the rate limit, replays included.
                if (!creator.chargeRate(ctx.agent().id(), now)) return new DecisionResult.RateLimited();
                return new DecisionResult.Replayed(replay.response());
            }
            DecisionResult refused = refusedBeforePolicy(ctx, input);
            if (refused != null) return refused;
            ResolvedCategory category = category(ctx, input);
            Decision decision = evaluate(ctx, input, category, now);
            var outcome = creator.commit(new RequestCreator.Decided(ctx.agent(), ctx.account(), c.tokenHash(), input,
                    category.category(), category.originalCategory(), decision, ctx.snapshot(), ctx.agent().remaining(), now,
                    IdempotencyKey.forAgent(ctx.agent().id(), c.idempotencyKey()), fingerprint, ctx.lease()));
            if (outcome instanceof CreateOutcome.Committed committed) return new DecisionResult.Created(committed.body());
            if (outcome instanceof CreateOutcome.ReusedVelocityRejection) {
                String first = creator.firstVelocityRejection(ctx.agent().id(), decision.velocityFailure(), now);
                if (!creator.chargeRate(ctx.agent().id(), now)) return new DecisionResult.RateLimited();
                return new DecisionResult.Created(
                        RequestViews.reusedRejection(first, ctx.account().currency(), category, decision));
            }
        }
        return new DecisionResult.Contended();
    }

    /** The dry run: the same reads and checks as {@link #create}, no writes at all. */
    public DecisionResult check(String tokenHash, Supplier<NewRequest> inputSupplier) {
        Instant now = now();
        AgentContext ctx = reader.read(tokenHash, now, true, null);
        var denial = AgentDenial.of(ctx);
        if (denial.isPresent()) return new DecisionResult.Denied(denial.get());
        NewRequest input = inputSupplier.get();
        DecisionResult refused = refusedBeforePolicy(ctx, input);
        if (refused != null) return refused;
        ResolvedCategory category = category(ctx, input);
        Decision decision = evaluate(ctx, input, category, now);
        return new DecisionResult.Checked(
                RequestViews.dryRun(ctx.account().currency(), category, decision, ctx.agent().remaining()));
    }

    private static DecisionResult refusedBeforePolicy(AgentContext ctx, NewRequest input) {
        if (ctx.agent().pendingCount() >= BudgetWrites.PENDING_CAP) return new DecisionResult.TooManyPending();
        String currency = ctx.account().currency();
        if (input.currency() != null && !input.currency().equals(currency)) return new DecisionResult.CurrencyMismatch(currency);
        return null;
    }

    private static ResolvedCategory category(AgentContext ctx, NewRequest input) {
        var account = ctx.account();
        return CategoryResolver.resolve(input.category(), account.categories(), account.activeAliases());
    }

    /**
     * The engine on the agent's policy; for a leased child on its own policy ∩ the lease's ceiling,
     * followed by the {@code lease} check (the lease usable and its {@code remaining} enough), the
     * same figure {@link RequestCreator} then asserts as the lease's condition.
     */
    private Decision evaluate(AgentContext ctx, NewRequest input, ResolvedCategory category, Instant now) {
        var account = ctx.account();
        var attempt = new PurchaseAttempt(input.amount(), input.amountMinor(), category.category(), input.merchantName());
        BudgetLease lease = ctx.lease();
        String policy = lease == null ? ctx.agent().policyJson() : leasedPolicy(ctx.agent().policyJson(), lease.ceiling());
        Decision d = PolicyEngine.evaluate(attempt, ctx.agent().status(), policies.get(policy),
                account.rules(), account.zone(), ctx.snapshot(), now);
        return lease == null ? d : withLeaseCheck(d, lease, input.amountMinor(), now);
    }

    private static String leasedPolicy(String own, String ceiling) {
        ObjectNode ownPolicy = own == null ? Json.object()
                : Json.parseTrusted(own) instanceof ObjectNode o ? o : Json.object();
        return Json.write(PolicyNarrowing.effective(ownPolicy, (ObjectNode) Json.parseTrusted(ceiling)));
    }

    static Decision withLeaseCheck(Decision d, BudgetLease lease, long amount, Instant now) {
        java.util.List<Check> checks = new java.util.ArrayList<>(d.checks());
        Check check;
        if (!lease.usableAt(now)) {
            check = Check.fail("lease", "Budget lease " + lease.id() + " is no longer usable (" + (lease.active() ? "expired" : lease.status().wire()) + ")");
        } else if (lease.remaining() < amount) {
            check = Check.fail("lease", "Amount exceeds budget lease " + lease.id() + " remaining " + Money.plain(lease.remaining()));
        } else {
            check = Check.pass("lease", "Within budget lease " + lease.id() + " (remaining " + Money.plain(lease.remaining()) + ")");
        }
        checks.add(check);
        if (check.passed()) return new Decision(d.outcome(), checks, d.velocityFailure(), d.guards());
        return new Decision(Outcome.REJECTED, checks, d.outcome() == Outcome.REJECTED ? d.velocityFailure() : null,
                java.util.List.of());
    }

    private Instant now() {
        return Times.micros(clock.instant());
    }
}
