package dev.purser.idempotency;

import dev.purser.store.Keys;

/**
 * Where a caller's {@code Idempotency-Key} lives: in the partition of whoever owns the key space
 * (an agent's keys are the agent's, so two agents may use the same key), under
 * {@code IDEMPOTENCY#<key>}. The record sits beside the items it protects, so the decision's
 * batch read fetches it for free.
 */
public record IdempotencyKey(String partition, String key) {
    public IdempotencyKey {
        if (partition == null || key == null) throw new IllegalArgumentException("partition and key are required");
    }

    /** An agent's key (Agent API calls); null when the call carries no key. */
    public static IdempotencyKey forAgent(String agentId, String key) {
        return key == null ? null : new IdempotencyKey(Keys.agent(agentId), key);
    }

    /** An owner's key (owner API calls); null when the call carries no key. */
    public static IdempotencyKey forAccount(String accountId, String key) {
        return key == null ? null : new IdempotencyKey(Keys.account(accountId), key);
    }

    public String sortKey() {
        return Keys.idempotencySk(key);
    }
}
