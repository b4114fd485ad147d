package dev.purser.requests;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.accounts.Agent;
import dev.purser.accounts.AgentStore;
import dev.purser.accounts.AgentViews;
import dev.purser.events.EventType;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.policy.AgentStatus;
import dev.purser.policy.Check;
import dev.purser.policy.Counter;
import dev.purser.policy.Decision;
import dev.purser.policy.Guard;
import dev.purser.policy.Snapshot;
import dev.purser.time.Windows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The limit events a decided request adds to its own transaction.
 *
 * <ul>
 *   <li>Rejected by a limit (per-request, daily/weekly/monthly, budget, an account budget rule),
 *       following the agent's {@code on_limit_exceeded} (Proxy semantics): {@code notify} emits
 *       {@code agent.limit_exceeded}; {@code suspend} emits it too, pauses the agent (if still
 *       active) and emits {@code agent.updated}; {@code none} adds nothing.</li>
 *   <li>Accepted and pushing spent + held across 80% of the daily, weekly or monthly limit or of
 *       the budget: {@code agent.limit_approaching}. Only the request that crosses the threshold
 *       (before &lt; 80% ≤ after, on the decision's own figures) emits it, so it fires once per
 *       window; a raised limit or a new window can make it fire again.</li>
 * </ul>
 */
final class LimitEvents {
    static final int APPROACHING_PERCENT = 80;

    record Emitted(EventType type, ObjectNode data) {}

    /** @param pauseAgent whether the transaction must also pause the agent */
    record Plan(List<Emitted> events, boolean pauseAgent) {}

    private LimitEvents() {}

    static Plan plan(Agent agent, PurchaseRequest request, Decision decision, Snapshot snapshot, Instant now) {
        if (request.status() == RequestStatus.REJECTED) return forRejection(agent, request, decision, now);
        return new Plan(snapshot == null ? List.of() : approaching(agent, request, decision, snapshot), false);
    }

    static boolean isLimitCheck(String rule) {
        return rule.equals("per_request_limit") || rule.equals("daily_limit") || rule.equals("weekly_limit")
                || rule.equals("monthly_limit") || rule.equals("budget") || rule.startsWith("account_budget:");
    }

    private static Plan forRejection(Agent agent, PurchaseRequest request, Decision decision, Instant now) {
        List<Check> failed = decision.checks().stream().filter(c -> !c.passed() && isLimitCheck(c.rule())).toList();
        String mode = agent.onLimitExceeded() == null ? "none" : agent.onLimitExceeded();
        if (failed.isEmpty() || mode.equals("none")) return new Plan(List.of(), false);
        List<Emitted> events = new ArrayList<>();
        ObjectNode data = Json.object();
        data.put("agent_id", agent.id());
        data.put("request_id", request.id());
        data.put("amount", Money.plain(request.amount()));
        data.put("currency", request.currency());
        data.put("on_limit_exceeded", mode);
        var checks = data.putArray("failed_checks");
        for (Check c : failed) checks.addObject().put("rule", c.rule()).put("detail", c.detail());
        events.add(new Emitted(EventType.AGENT_LIMIT_EXCEEDED, data));
        boolean pause = mode.equals("suspend") && agent.status() == AgentStatus.ACTIVE;
        if (pause) events.add(new Emitted(EventType.AGENT_UPDATED, AgentViews.owner(paused(agent, now))));
        return new Plan(events, pause);
    }

    private static List<Emitted> approaching(Agent agent, PurchaseRequest request, Decision decision, Snapshot s) {
        List<Emitted> events = new ArrayList<>();
        long amount = request.amount();
        for (Guard g : decision.guards()) {
            if (g.counter() == Counter.AGENT_DAILY) {
                crossing(events, agent, request, "daily_limit", g.limit(), s.agentDaily(), amount, Windows.DAY);
            } else if (g.counter() == Counter.AGENT_WEEKLY) {
                crossing(events, agent, request, "weekly_limit", g.limit(), s.agentWeekly(), amount, Windows.WEEK);
            } else if (g.counter() == Counter.AGENT_MONTHLY) {
                crossing(events, agent, request, "monthly_limit", g.limit(), s.agentMonthly(), amount, Windows.MONTH);
            } else if (g.counter() == Counter.AGENT_YEARLY) {
                crossing(events, agent, request, "yearly_limit", g.limit(), s.agentYearly(), amount, Windows.YEAR);
            } else if (g.counter() == Counter.AGENT_ROLLING_24H) {
                // The guard's limit is what the current bucket may reach; the policy limit adds the rest back.
                long others = 0;
                for (long v : g.basis().values()) others += v;
                crossing(events, agent, request, "rolling_24h_limit", g.limit() + others, s.agentRolling24h(), amount, Windows.HOUR);
            }
        }
        crossing(events, agent, request, "budget", s.budget(), s.spent() + s.held(), amount, (char) 0);
        return events;
    }

    private static void crossing(List<Emitted> events, Agent agent, PurchaseRequest r, String limit, long limitMinor,
                                 long before, long amount, char window) {
        if (limitMinor <= 0) return;
        long after = before + amount;
        // before < 80% <= after, in integers: 100 * x compared with 80 * limit.
        boolean crossed = before * 100 < limitMinor * APPROACHING_PERCENT
                && after * 100 >= limitMinor * APPROACHING_PERCENT;
        if (!crossed) return;
        ObjectNode data = Json.object();
        data.put("agent_id", agent.id());
        data.put("request_id", r.id());
        data.put("limit", limit);
        data.put("limit_amount", Money.plain(limitMinor));
        data.put("used", Money.plain(after));
        data.put("threshold_percent", APPROACHING_PERCENT);
        data.put("currency", r.currency());
        data.put("window", window == 0 ? null : r.windows().period(window));
        events.add(new Emitted(EventType.AGENT_LIMIT_APPROACHING, data));
    }

    private static Agent paused(Agent a, Instant now) {
        return new Agent(a.id(), a.accountId(), a.name(), a.description(), a.externalId(), AgentStatus.PAUSED,
                a.policyJson(), a.budget(), a.spent(), a.held(), a.pendingCount(), a.onLimitExceeded(),
                a.createdAt(), now);
    }
}
