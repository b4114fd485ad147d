package dev.purser.spendguard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.policy.Check;
import dev.purser.policy.Decision;
import dev.purser.policy.ResolvedCategory;
import dev.purser.requests.AgentContext;

/**
 * What the policy would answer for one attempt, on the figures read: the engine's decision and
 * SpendGuard's verdict. Pure value; nothing was written to obtain it.
 */
public record Authorization(AgentContext context, Attempt attempt, ResolvedCategory category, Decision decision) {
    public Verdict verdict() {
        return Verdict.of(decision.outcome());
    }

    public String agentId() {
        return context.agent().id();
    }

    public String currency() {
        return context.account().currency();
    }

    /** The JSON answer of authorize (and the {@code policy} part of estimate). */
    public ObjectNode view() {
        ObjectNode o = Json.object();
        o.put("agent", agentId());
        o.put("decision", verdict().wire());
        o.put("amount", Money.plain(attempt.amountMinor()));
        o.put("currency", currency());
        o.put("category", category.category());
        o.put("original_category", category.originalCategory());
        o.put("merchant", attempt.merchant());
        ArrayNode reasons = o.putArray("reasons");
        for (Check c : decision.checks()) if (!c.passed()) reasons.add(c.detail());
        if (verdict() == Verdict.APPROVAL_REQUIRED && reasons.isEmpty()) {
            reasons.add("Every limit passes but the policy does not auto-approve this amount: a human must approve");
        }
        ArrayNode checks = o.putArray("checks");
        for (Check c : decision.checks()) {
            checks.addObject().put("rule", c.rule()).put("result", c.result()).put("detail", c.detail());
        }
        o.put("budget_remaining", Money.plain(context.agent().remaining()));
        return o;
    }
}
