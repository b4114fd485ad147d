package dev.purser.leases;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import dev.purser.store.AccountList;
import dev.purser.store.DueIndex;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;

/** Lease items: by id, the child's active-lease pointer, an account's newest first (gsi2), the due ones. */
public record LeaseStore(DynamoDbClient dynamo, String table) {
    /** The longest chain of leases (a root lease, its child's, and the grandchild's). */
    public static final int MAX_DEPTH = 3;

    public Optional<BudgetLease> get(String id) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(BudgetLease.pk(id), BudgetLease.SK))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(BudgetLease.fromItem(item));
    }

    /** The lease an agent currently has as a child (the pointer's lease), if any; whatever its state. */
    public Optional<BudgetLease> activeOf(String agentId) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(Keys.agent(agentId), BudgetLease.ACTIVE_SK))).item();
        if (item == null || item.isEmpty()) return Optional.empty();
        return get(str(item, "lease_id"));
    }

    /** A lease and its ancestors, leaf first (at most {@link #MAX_DEPTH}). */
    public List<BudgetLease> chain(BudgetLease leaf) {
        List<BudgetLease> out = new ArrayList<>();
        out.add(leaf);
        BudgetLease at = leaf;
        while (at.parentLeaseId() != null && out.size() < MAX_DEPTH) {
            at = get(at.parentLeaseId()).orElseThrow(() -> new IllegalStateException("missing parent lease"));
            out.add(at);
        }
        return out;
    }

    /**
     * A condition that the agent has no active lease (its pointer is absent), for spends that do
     * not draw from a lease (wallet payments, x402 authorizations): in the spend's own transaction,
     * so a lease granted between the read and the commit cancels it instead of letting the child
     * spend around its ceiling (docs/invariants.md §11).
     */
    public static software.amazon.awssdk.services.dynamodb.model.ConditionCheck noActiveLease(String table, String agentId) {
        return software.amazon.awssdk.services.dynamodb.model.ConditionCheck.builder().tableName(table)
                .key(key(Keys.agent(agentId), BudgetLease.ACTIVE_SK))
                .conditionExpression("attribute_not_exists(" + TableDefinition.PK + ")")
                .build();
    }

    /** The child's pointer, created with the lease: conditional, so a child has one active lease. */
    public Put pointer(BudgetLease l) {
        return Put.builder().tableName(table)
                .item(Map.of(TableDefinition.PK, s(Keys.agent(l.childAgent())), TableDefinition.SK, s(BudgetLease.ACTIVE_SK),
                        "lease_id", s(l.id()), "account_id", s(l.accountId())))
                .conditionExpression("attribute_not_exists(" + TableDefinition.PK + ")")
                .build();
    }

    public Delete dropPointer(BudgetLease l) {
        return Delete.builder().tableName(table).key(key(Keys.agent(l.childAgent()), BudgetLease.ACTIVE_SK))
                .conditionExpression("lease_id = :id")
                .expressionAttributeValues(Map.of(":id", s(l.id())))
                .build();
    }

    public record Page(List<BudgetLease> leases, Map<String, AttributeValue> next) {}

    /** An account's leases, newest first; {@code agent} matches the parent or the child. */
    public Page list(String accountId, String agentId, LeaseStatus status, int limit, Map<String, AttributeValue> cursor) {
        var page = AccountList.of(BudgetLease.accountList(accountId))
                .where("(parent_agent = :agent OR child_agent = :agent)", ":agent", agentId)
                .status(status == null ? null : status.wire())
                .read(dynamo, table, limit, cursor, BudgetLease::fromItem);
        return new Page(page.items(), page.next());
    }

    /** Active leases whose expiry is before {@code now}, oldest expiry first. */
    public List<BudgetLease> due(Instant now, int limit) {
        return DueIndex.before(dynamo, table, BudgetLease.DUE_PARTITION, now, limit, null).stream().map(BudgetLease::fromItem).toList();
    }
}
