package dev.purser.spendguard;

import dev.purser.requests.AgentContext;
import dev.purser.requests.AgentDenial;
import dev.purser.requests.DecisionReader;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads the decision context of the agent a call is about: by the agent's own token (one batch,
 * like the Agent API) or, for an owner, by the agent id it named (one batch, scoped to its
 * account). The agent's own status is left to the engine (a paused agent is a {@code deny} with
 * the reason); a revoked token, a blocked account or the kill switch refuse the call itself.
 */
public final class AgentResolver {
    private final DecisionReader reader;

    public AgentResolver(DecisionReader reader) {
        this.reader = reader;
    }

    public Resolved resolve(Principal p, String agentId, Instant now) {
        if (p.isAgent()) {
            AgentContext ctx = reader.read(p.agentTokenHash(), now, true, null);
            Optional<AgentDenial> denial = AgentDenial.of(ctx);
            if (denial.isPresent() && (denial.get() == AgentDenial.INVALID_TOKEN
                    || denial.get() == AgentDenial.ACCOUNT_BLOCKED || denial.get() == AgentDenial.ALL_AGENTS_PAUSED)) {
                return new Resolved.Denied(denial.get());
            }
            if (agentId != null && !agentId.equals(ctx.agent().id())) return new Resolved.OtherAgent(agentId);
            return new Resolved.Found(ctx);
        }
        if (agentId == null) return new Resolved.NoSuchAgent(null);
        Optional<AgentContext> ctx = reader.readForAgent(agentId, p.ownerAccountId(), now);
        if (ctx.isEmpty()) return new Resolved.NoSuchAgent(agentId);
        var account = ctx.get().account();
        if (account.blocked()) return new Resolved.Denied(AgentDenial.ACCOUNT_BLOCKED);
        if (account.allAgentsPaused()) return new Resolved.Denied(AgentDenial.ALL_AGENTS_PAUSED);
        return new Resolved.Found(ctx.get());
    }
}
