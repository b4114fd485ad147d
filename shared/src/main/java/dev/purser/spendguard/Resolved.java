package dev.purser.spendguard;

import dev.purser.requests.AgentContext;
import dev.purser.requests.AgentDenial;

/** Which agent a SpendGuard call is about, and everything a decision needs about it. */
public sealed interface Resolved {
    record Found(AgentContext context) implements Resolved {}

    /** The agent token is unknown or revoked, or the account/agent may not spend. */
    record Denied(AgentDenial denial) implements Resolved {}

    /** An owner named no agent, or one that is not the account's (a 404, exactly like a missing one). */
    record NoSuchAgent(String agentId) implements Resolved {}

    /** An agent token named another agent. */
    record OtherAgent(String agentId) implements Resolved {}
}
