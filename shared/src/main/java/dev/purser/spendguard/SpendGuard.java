package dev.purser.spendguard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.time.Times;
import java.time.Clock;
import java.time.Instant;

/**
 * Estimate and authorize: the engine's dry run around a proposed action. They read (one batch for
 * the agent's figures, one GetItem for the price table) and write NOTHING: no request, no
 * counter, no rate use, no idempotency record, no event. An answer is advice on the figures read;
 * only a reservation (or a request) holds money.
 */
public final class SpendGuard {
    private final AgentResolver agents;
    private final PriceTableStore prices;
    private final Clock clock;
    private final PolicyEvaluation engine = new PolicyEvaluation();

    public SpendGuard(AgentResolver agents, PriceTableStore prices, Clock clock) {
        this.agents = agents;
        this.prices = prices;
        this.clock = clock;
    }

    /** What the policy would answer for this attempt now. */
    public GuardResult authorize(Principal p, Attempt attempt) {
        Instant now = Times.micros(clock.instant());
        Resolved r = agents.resolve(p, attempt.agentId(), now);
        if (!(r instanceof Resolved.Found found)) return new GuardResult.Refused(r);
        String currency = found.context().account().currency();
        if (attempt.currency() != null && !attempt.currency().equals(currency)) return new GuardResult.CurrencyMismatch(currency);
        return new GuardResult.Answered(engine.evaluate(found.context(), attempt, now).view());
    }

    /**
     * The cost of an action in minor units, and what the policy would answer for that cost. An
     * owner may estimate without naming an agent: then only the cost is answered.
     */
    public GuardResult estimate(Principal p, Estimate e) {
        Instant now = Times.micros(clock.instant());
        Resolved.Found found = null;
        if (p.isAgent() || e.agentId() != null) {
            Resolved r = agents.resolve(p, e.agentId(), now);
            if (!(r instanceof Resolved.Found f)) return new GuardResult.Refused(r);
            found = f;
        }
        String accountId = found != null ? found.context().account().id() : p.ownerAccountId();
        String currency = found != null ? found.context().account().currency() : null;
        ObjectNode breakdown = Json.object();
        long cost;
        String type;
        if (e instanceof Estimate.Payment pay) {
                type = "payment";
                if (currency != null && pay.currency() != null && !pay.currency().equals(currency)) {
                    return new GuardResult.CurrencyMismatch(currency);
                }
                cost = pay.amountMinor();
        } else if (e instanceof Estimate.Tokens t) {
                type = "token";
                PriceTable table = prices.get(accountId);
                PriceTable.ModelPrice price = table.models().get(t.model());
                if (price == null) return new GuardResult.UnknownPrice("model", t.model());
                cost = PriceTable.tokenCost(price, t.inputTokens(), t.outputTokens());
                breakdown.put("model", t.model()).put("input_tokens", t.inputTokens()).put("output_tokens", t.outputTokens())
                        .put("input_per_million", Money.plain(price.inputPerMillion()))
                        .put("output_per_million", Money.plain(price.outputPerMillion()))
                        .put("rounding", "up to the next minor unit");
        } else if (e instanceof Estimate.Tool t) {
                type = "tool";
                Long price = prices.get(accountId).tools().get(t.tool());
                if (price == null) return new GuardResult.UnknownPrice("tool", t.tool());
                cost = Math.multiplyExact(price, t.calls());
                breakdown.put("tool", t.tool()).put("calls", t.calls()).put("per_call", Money.plain(price));
        } else {
                Estimate.Delegation d = (Estimate.Delegation) e;
                type = "delegation";
                cost = d.amountMinor();
                breakdown.put("child_agent", d.childAgent()).put("held_on_parent", Money.plain(d.amountMinor()));
        }
        ObjectNode o = Json.object();
        o.put("type", type);
        o.put("estimated_cost", Money.plain(cost));
        o.put("estimated_cost_minor", cost);
        if (currency != null) o.put("currency", currency);
        o.set("breakdown", breakdown);
        if (found != null) {
            Attempt attempt = new Attempt(found.context().agent().id(), cost, null, e.category(), e.merchant());
            o.set("policy", engine.evaluate(found.context(), attempt, now).view());
        } else {
            o.putNull("policy");
        }
        return new GuardResult.Answered(o);
    }
}
