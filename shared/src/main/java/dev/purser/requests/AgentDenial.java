package dev.purser.requests;

import dev.purser.policy.AgentStatus;
import java.util.Optional;

/** Why an agent call may not proceed, in the spec's order (§1.1); the HTTP layer words each one. */
public enum AgentDenial {
    INVALID_TOKEN,
    ACCOUNT_BLOCKED,
    ALL_AGENTS_PAUSED,
    AGENT_ARCHIVED,
    AGENT_PAUSED;

    /** The first failing check, or empty for an active agent of a usable account. */
    public static Optional<AgentDenial> of(AgentContext ctx) {
        if (!ctx.tokenActive()) return Optional.of(INVALID_TOKEN);
        if (ctx.account().blocked()) return Optional.of(ACCOUNT_BLOCKED);
        if (ctx.account().allAgentsPaused()) return Optional.of(ALL_AGENTS_PAUSED);
        if (ctx.agent().status() == AgentStatus.ARCHIVED) return Optional.of(AGENT_ARCHIVED);
        if (ctx.agent().status() != AgentStatus.ACTIVE) return Optional.of(AGENT_PAUSED);
        return Optional.empty();
    }
}
