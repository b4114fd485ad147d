package dev.purser.requests;

import dev.purser.accounts.Account;
import dev.purser.accounts.Agent;
import dev.purser.policy.Snapshot;
import dev.purser.idempotency.IdempotencyRecord;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Everything one agent call needs, read in one batch: the token, the agent, its account and, for
 * decisions, the figures of every counter the policy may consult.
 *
 * @param token the token item, or null when the token is unknown
 * @param agent null when the token is unknown
 * @param account null when the token is unknown
 * @param snapshot null unless the read was for a decision
 * @param rateCount POSTs already made in this UTC minute
 * @param idempotency the stored idempotency record for the call's key, if any
 */
public record AgentContext(
        Map<String, AttributeValue> token,
        Agent agent,
        Account account,
        Snapshot snapshot,
        long rateCount,
        Optional<IdempotencyRecord> idempotency) {

    public boolean tokenActive() {
        return token != null && dev.purser.store.Attr.flag(token, "active") && agent != null && account != null;
    }
}
