package dev.purser.wallets;

import dev.purser.store.Keys;

/** Who calls a money endpoint: an agent (by its token) or an account owner (by an owner key). */
public sealed interface Caller {
    String accountId();

    /** The partition that scopes this caller's idempotency keys. */
    String idempotencyOwner();

    record AgentCaller(String agentId, String accountId, String tokenHash) implements Caller {
        public String idempotencyOwner() { return Keys.agent(agentId); }
    }

    record OwnerCaller(String accountId) implements Caller {
        public String idempotencyOwner() { return Keys.account(accountId); }
    }

    /** May this caller act on a wallet? Owners on any of their account's; agents on their own. */
    default boolean mayUse(Wallet w) {
        if (w == null || !w.accountId().equals(accountId())) return false;
        return !(this instanceof AgentCaller a) || a.agentId().equals(w.agentId());
    }

    /** May this caller see a wallet (same as using it). */
    default boolean maySee(Wallet w) {
        return mayUse(w);
    }
}
