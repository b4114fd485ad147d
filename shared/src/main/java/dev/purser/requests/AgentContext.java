package dev.purser.requests;

import dev.purser.accounts.Account;
import dev.purser.accounts.Agent;
import dev.purser.policy.Snapshot;
import dev.purser.idempotency.IdempotencyRecord;
import dev.purser.leases.BudgetLease;
import dev.purser.store.Attr;
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
 * @param lease the agent's active-pointer lease as read with a decision's batch (whatever its state),
 *              null when it has none or the read was not for a decision
 */
public record AgentContext(
        Map<String, AttributeValue> token,
        Agent agent,
        Account account,
        Snapshot snapshot,
        long rateCount,
        Optional<IdempotencyRecord> idempotency,
        BudgetLease lease) {

    public AgentContext(Map<String, AttributeValue> token, Agent agent, Account account, Snapshot snapshot, long rateCount,
                        Optional<IdempotencyRecord> idempotency) {
        this(token, agent, account, snapshot, rateCount, idempotency, null);
    }

    public boolean tokenActive() {
        return token != null && Attr.flag(token, "active") && agent != null && account != null;
    }
}
