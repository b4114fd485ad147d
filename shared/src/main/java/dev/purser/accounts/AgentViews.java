package dev.purser.accounts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.spendpolicy.ProxyLimit;
import dev.purser.time.Times;

/** JSON views of agents and their tokens, built here only: the owner API and the events share them. */
public final class AgentViews {
    private AgentViews() {}

    /** The owner API's agent, also the {@code data} of agent events. */
    public static ObjectNode owner(Agent a) {
        ObjectNode o = Json.object();
        o.put("agent_id", a.id());
        o.put("external_id", a.externalId());
        o.put("name", a.name());
        o.put("description", a.description());
        o.put("status", a.status().wire());
        o.put("budget", Money.plain(a.budget()));
        o.put("spent", Money.plain(a.spent()));
        o.put("held", Money.plain(a.held()));
        o.put("remaining", Money.plain(a.remaining()));
        o.put("pending_count", a.pendingCount());
        o.put("on_limit_exceeded", a.onLimitExceeded());
        o.set("policy", a.policyJson() == null ? Json.MAPPER.nullNode() : Json.parseTrusted(a.policyJson()));
        o.put("created_at", Times.wire(a.createdAt()));
        o.put("updated_at", Times.wire(a.updatedAt()));
        proxyLimit(o, a);
        return o;
    }

    /**
     * Proxy's {@code spendingLimit} (cents) and {@code spendingLimitFrequency} (seed 002), read
     * back from the policy field or budget they map to; both null when no Proxy limit was set.
     */
    public static void proxyLimit(ObjectNode o, Agent a) {
        var policy = a.policyJson() == null ? null : Json.parseTrusted(a.policyJson());
        String frequency = ProxyLimit.frequency(policy);
        Long cents = frequency == null ? null : ProxyLimit.cents(policy, a.budget());
        o.put("spendingLimit", cents);
        o.put("spendingLimitFrequency", cents == null ? null : frequency);
    }

    /** The owner API's token (never the secret), also the {@code data} of token events. */
    public static ObjectNode token(AgentToken t) {
        ObjectNode o = Json.object();
        o.put("token_id", t.id());
        o.put("agent_id", t.agentId());
        o.put("prefix", t.prefix());
        o.put("name", t.name());
        o.put("active", t.active());
        o.put("created_at", Times.wire(t.createdAt()));
        o.put("last_used_at", Times.wire(t.lastUsedAt()));
        return o;
    }

}
