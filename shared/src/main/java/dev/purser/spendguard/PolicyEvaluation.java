package dev.purser.spendguard;

import dev.purser.json.Json;
import dev.purser.policy.CategoryResolver;
import dev.purser.policy.Decision;
import dev.purser.policy.Policy;
import dev.purser.policy.PolicyEngine;
import dev.purser.policy.PurchaseAttempt;
import dev.purser.policy.ResolvedCategory;
import dev.purser.requests.AgentContext;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The pure engine applied to an attempt and a read context (with a per-container policy cache). */
final class PolicyEvaluation {
    private static final int MAX = 10_000;
    private final Map<String, Policy> policies = new ConcurrentHashMap<>();

    Authorization evaluate(AgentContext ctx, Attempt attempt, Instant now) {
        return evaluate(ctx, attempt, now, ctx.agent().policyJson());
    }

    /** The same, with another policy (a leased child's own policy ∩ its lease's ceiling). */
    Authorization evaluate(AgentContext ctx, Attempt attempt, Instant now, String policyJson) {
        var account = ctx.account();
        ResolvedCategory category = CategoryResolver.resolve(attempt.category(), account.categories(), account.activeAliases());
        var purchase = new PurchaseAttempt(attempt.amount(), attempt.amountMinor(), category.category(), attempt.merchant());
        Decision d = PolicyEngine.evaluate(purchase, ctx.agent().status(), policy(policyJson),
                account.rules(), account.zone(), ctx.snapshot(), now);
        return new Authorization(ctx, attempt, category, d);
    }

    private Policy policy(String json) {
        if (json == null) return Policy.parse(null);
        Policy p = policies.get(json);
        if (p == null) {
            p = Policy.parse(Json.parseTrusted(json));
            if (policies.size() >= MAX) policies.clear();
            policies.put(json, p);
        }
        return p;
    }
}
