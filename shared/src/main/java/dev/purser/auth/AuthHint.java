package dev.purser.auth;

import java.util.List;

/**
 * What a container remembers about a token between invocations so that a warm decision reads
 * everything in ONE batch: which agent and account the token belongs to (immutable facts) and the
 * account settings that determine which counter items to read (timezone, currency, temporal rule
 * ids). The token item itself is re-read on every call, so revocation still takes effect at once;
 * a stale hint only costs one more read (see {@code DecisionReader}). {@code leaseId}: the budget
 * lease the agent's {@code LEASE#ACTIVE} pointer named last time (null: none), so a leased child's
 * lease item is read in the same batch as the pointer.
 */
public record AuthHint(String agentId, String accountId, String timezone, String currency, List<String> temporalRuleIds,
                       boolean rolling, String leaseId) {
    public AuthHint {
        temporalRuleIds = List.copyOf(temporalRuleIds);
    }

    /**
     * @param rolling whether the agent's policy sets a rolling 24-hour limit (its hour buckets are read)
     */
    public AuthHint(String agentId, String accountId, String timezone, String currency, List<String> temporalRuleIds,
                    boolean rolling) {
        this(agentId, accountId, timezone, currency, temporalRuleIds, rolling, null);
    }

    /** @param rolling whether the agent's policy sets a rolling 24-hour limit (its hour buckets are read) */
    public AuthHint(String agentId, String accountId, String timezone, String currency, List<String> temporalRuleIds) {
        this(agentId, accountId, timezone, currency, temporalRuleIds, false, null);
    }
}
