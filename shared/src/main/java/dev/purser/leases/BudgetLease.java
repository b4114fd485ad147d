package dev.purser.leases;

import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.budget.Hold;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.store.Attr;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import dev.purser.time.Windows;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A budget lease: {@code amount} held on the parent agent (in the parent's windows of the lease's
 * creation, like a reservation) that is the child agent's ceiling. The child's holds
 * ({@code held}) and spend ({@code spent}) draw it down; {@code remaining = amount − held − spent}
 * while active, and the unused {@code remaining} goes back to the parent exactly once when it is
 * released or expires (then {@code released}). docs/invariants.md §11.
 *
 * @param parentLeaseId the parent's own lease this one is carved from (nesting), or null when the
 *                      parent's own budget funds it (a root lease: it counts in the account's counters)
 * @param ceiling the child's policy ceiling (policy-shaped JSON): the constraints ∩ the parent's
 *                effective policy at creation
 * @param parentPolicy the parent's effective policy at creation (lease fields only): what the child's
 *                     own policy ∩ the constraints may not widen (checked again on a policy PUT/PATCH)
 * @param constraints the constraints as given (JSON object)
 * @param windows the parent's windows at creation (where the hold counts)
 * @param ruleIds the temporal rules active at creation (root leases only count in them)
 * @param expiresAt null: no expiry
 * @param released what went back to the parent at release/expiry, else null
 */
public record BudgetLease(
        String id,
        String accountId,
        String parentAgent,
        String childAgent,
        String parentLeaseId,
        LeaseStatus status,
        long amount,
        long held,
        long spent,
        long remaining,
        Long released,
        String currency,
        String ceiling,
        String parentPolicy,
        String constraints,
        Instant createdAt,
        Instant expiresAt,
        Instant resolvedAt,
        Windows windows,
        List<String> ruleIds) {

    public static final String ID_PREFIX = "lease_";
    public static final String SK = "LEASE";
    public static final String DUE_PARTITION = "DUE#LEASE";
    /** The pointer item on the child agent's partition: at most one active lease per child. */
    public static final String ACTIVE_SK = "LEASE#ACTIVE";

    public static String pk(String id) { return "LEASE#" + id; }

    public static String accountList(String accountId) { return "ACCOUNT#" + accountId + "#LEASES"; }

    public boolean root() {
        return parentLeaseId == null;
    }

    public boolean active() {
        return status == LeaseStatus.ACTIVE;
    }

    /** Usable for a new hold or spend at {@code now}: active and not past its expiry. */
    public boolean usableAt(Instant now) {
        return active() && (expiresAt == null || now.isBefore(expiresAt));
    }

    public Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> toItem() {
        var item = new HashMap<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>();
        item.put(TableDefinition.PK, s(pk(id)));
        item.put(TableDefinition.SK, s(SK));
        item.put("lease_id", s(id));
        item.put("account_id", s(accountId));
        item.put("parent_agent", s(parentAgent));
        item.put("child_agent", s(childAgent));
        if (parentLeaseId != null) item.put("parent_lease_id", s(parentLeaseId));
        item.put("status", s(status.wire()));
        item.put("amount", n(amount));
        item.put("held", n(held));
        item.put("spent", n(spent));
        item.put("remaining", n(remaining));
        if (released != null) item.put("released", n(released));
        item.put("currency", s(currency));
        item.put("ceiling", s(ceiling));
        item.put("parent_policy", s(parentPolicy));
        item.put("constraints", s(constraints));
        item.put("created_at", s(Times.stored(createdAt)));
        if (expiresAt != null) item.put("expires_at", s(Times.stored(expiresAt)));
        if (resolvedAt != null) item.put("resolved_at", s(Times.stored(resolvedAt)));
        Hold.write(item, windows, ruleIds, null); // lease_id is the lease's own id, written above
        item.put(TableDefinition.GSI2_PK, s(accountList(accountId)));
        item.put(TableDefinition.GSI2_SK, s(Times.stored(createdAt) + "#" + id));
        if (status == LeaseStatus.ACTIVE && expiresAt != null) {
            item.put(TableDefinition.DUE_PK, s(DUE_PARTITION));
            item.put(TableDefinition.DUE_AT, s(Times.stored(expiresAt) + "#" + id));
        }
        return item;
    }

    public static BudgetLease fromItem(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        String exp = str(item, "expires_at");
        String res = str(item, "resolved_at");
        return new BudgetLease(str(item, "lease_id"), str(item, "account_id"), str(item, "parent_agent"),
                str(item, "child_agent"), str(item, "parent_lease_id"), LeaseStatus.fromWire(str(item, "status")),
                num(item, "amount"), num(item, "held"), num(item, "spent"), num(item, "remaining"),
                Attr.numOrNull(item, "released"), str(item, "currency"), str(item, "ceiling"),
                str(item, "parent_policy"), str(item, "constraints"), Times.parse(str(item, "created_at")), exp == null ? null : Times.parse(exp),
                res == null ? null : Times.parse(res),
                Hold.windows(item), Hold.ruleIds(item));
    }

    /** The JSON shape of a lease (answers, lists and events alike). */
    public ObjectNode view() {
        ObjectNode o = Json.object();
        o.put("lease_id", id);
        o.put("parent_agent", parentAgent);
        o.put("child_agent", childAgent);
        o.put("parent_lease_id", parentLeaseId);
        o.put("status", status.wire());
        o.put("amount", Money.plain(amount));
        o.put("remaining", Money.plain(remaining));
        o.put("held", Money.plain(held));
        o.put("spent", Money.plain(spent));
        o.put("released_amount", released == null ? null : Money.plain(released));
        o.put("currency", currency);
        o.set("constraints", Json.parseTrusted(constraints));
        o.put("created_at", Times.wire(createdAt));
        o.put("expires_at", expiresAt == null ? null : Times.wire(expiresAt));
        o.put("resolved_at", resolvedAt == null ? null : Times.wire(resolvedAt));
        return o;
    }

    /** The lease's hold on its parent: the parent's counters of the lease's creation windows and rules. */
    public Hold parentHold() {
        return new Hold(parentAgent, accountId, currency, windows, ruleIds);
    }
}
