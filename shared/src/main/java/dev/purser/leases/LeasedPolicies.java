package dev.purser.leases;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.policy.PolicyNarrowing;
import dev.purser.store.Keys;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Whether a new policy for an agent would widen its active budget lease (docs/spend-guard.md,
 * "Budget leases"): the new policy ∩ the lease's constraints, against the parent's policy the
 * lease recorded at creation. Reads the child's active-lease pointer and the lease (two
 * consistent GetItems, only on a policy PUT/PATCH). Kept out of {@code spendguard} so the owner
 * API can ask without a package cycle; the item shapes are {@link BudgetLease}'s.
 */
public final class LeasedPolicies {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DynamoDbClient dynamo;
    private final String table;

    public LeasedPolicies(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The policy field the new policy would widen, or empty (also when the agent has no active lease). */
    public Optional<String> widening(String agentId, JsonNode newPolicy) {
        var pointer = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(Keys.agent(agentId), "LEASE#ACTIVE"))).item();
        if (pointer == null || pointer.isEmpty()) return Optional.empty();
        var lease = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key("LEASE#" + str(pointer, "lease_id"), "LEASE"))).item();
        if (lease == null || lease.isEmpty() || !"active".equals(str(lease, "status"))) return Optional.empty();
        ObjectNode own = newPolicy instanceof ObjectNode o ? PolicyNarrowing.leaseFields(o) : JsonNodeFactory.instance.objectNode();
        ObjectNode constraints = PolicyNarrowing.asPolicy(object(str(lease, "constraints")));
        return PolicyNarrowing.widening(PolicyNarrowing.effective(own, constraints), object(str(lease, "parent_policy")));
    }

    private static ObjectNode object(String json) {
        try {
            JsonNode n = json == null ? null : JSON.readTree(json);
            return n instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored lease JSON unreadable", e);
        }
    }
}
