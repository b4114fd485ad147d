package dev.purser.accounts;

import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.str;

import dev.purser.policy.AgentStatus;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An agent: who spends, under which policy, with which lifetime budget. The money attributes
 * ({@code budget}, {@code spent}, {@code held}, {@code available = budget - spent - held},
 * {@code pending_count}) sit on the agent item so that a hold is one conditional update on it.
 *
 * @param policyJson the stored policy exactly as set by the owner, or null
 */
public record Agent(
        String id,
        String accountId,
        String name,
        String description,
        String externalId,
        AgentStatus status,
        String policyJson,
        long budget,
        long spent,
        long held,
        long pendingCount,
        String onLimitExceeded,
        Instant createdAt,
        Instant updatedAt) {

    public long remaining() {
        return budget - spent - held;
    }

    /**
     * Agent ids start {@code agent_}: NOT {@code agt_}, which marks a bearer token. A pasted id
     * must never look like a secret (secret scanners flag {@code agt_…}), nor a token like an id.
     */
    public static final String ID_PREFIX = "agent_";

    public static Agent fromItem(Map<String, AttributeValue> item) {
        return new Agent(
                str(item, "agent_id"),
                str(item, "account_id"),
                str(item, "name"),
                str(item, "description"),
                str(item, "external_id"),
                AgentStatus.fromWire(str(item, "status")),
                str(item, "policy"),
                num(item, "budget"),
                num(item, "spent"),
                num(item, "held"),
                num(item, "pending_count"),
                str(item, "on_limit_exceeded"),
                Instant.parse(str(item, "created_at")),
                Instant.parse(str(item, "updated_at")));
    }
}
