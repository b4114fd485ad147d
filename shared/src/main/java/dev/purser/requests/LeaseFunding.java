package dev.purser.requests;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import dev.purser.budget.BudgetWrites;
import dev.purser.budget.MoneyDelta;
import dev.purser.commit.Commit;
import dev.purser.leases.BudgetLease;
import dev.purser.leases.LeaseStatus;
import dev.purser.leases.LeaseStore;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The writes that move money along a chain of leases (leaf first), all added to the caller's ONE
 * commit. docs/invariants.md §11: on the parent's side a lease weighs {@code held = amount − spent},
 * {@code spent} while active and {@code held}, {@code spent} once closed. So:
 * <ul>
 *   <li>a child's new hold {@code x}: the leaf's {@code held += x, remaining −= x}, conditional on
 *       {@code active}, unexpired and {@code remaining ≥ x}; nothing changes on the parent's side;</li>
 *   <li>a child's spend {@code x}: the leaf's {@code spent += x, remaining −= x} (same condition),
 *       and the parent's {@code held −x, spent +x};</li>
 *   <li>a child's hold {@code h} resolving into a spend {@code s ≤ h} (capture, release, expiry;
 *       and a sub-lease's conversions): the lease's {@code held −h, spent +s}, and, while active,
 *       {@code remaining += h − s} with the parent's {@code held −s, spent +s}; once closed the
 *       parent's {@code held −h, spent +s} — each conditional on the status read.</li>
 * </ul>
 * Whatever the parent's side changes is in turn a resolution in the parent's own lease (nesting),
 * up to a root lease, whose parent's side includes the account's counters.
 */
public final class LeaseFunding {
    private final String table;
    private final BudgetWrites budget;

    public LeaseFunding(String table) {
        this.table = table;
        this.budget = new BudgetWrites(table);
    }

    /** A new hold ({@code spend = false}) or spend of {@code x} by the leaf lease's child. */
    public void draw(Commit c, List<BudgetLease> chain, long x, boolean spend, Instant now) {
        BudgetLease leaf = chain.get(0);
        Map<String, AttributeValue> v = new HashMap<>();
        v.put(":h", n(spend ? 0 : x));
        v.put(":s", n(spend ? x : 0));
        v.put(":neg", n(-x));
        v.put(":x", n(x));
        v.put(":active", s(LeaseStatus.ACTIVE.wire()));
        v.put(":now", s(Times.stored(now)));
        c.update("lease0", Update.builder().tableName(table).key(key(BudgetLease.pk(leaf.id()), BudgetLease.SK))
                .updateExpression("ADD held :h, spent :s, remaining :neg")
                .conditionExpression("#st = :active AND remaining >= :x AND (attribute_not_exists(expires_at) OR expires_at > :now)")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(v)
                .build());
        if (spend) up(c, chain, 0, x, x);
    }

    /** A hold {@code h} in lease {@code k} of the chain resolves into a spend {@code s ≤ h}. */
    public void resolve(Commit c, List<BudgetLease> chain, int k, long h, long s) {
        if (h == 0 && s == 0) return;
        BudgetLease l = chain.get(k);
        Map<String, AttributeValue> v = new HashMap<>();
        v.put(":h", n(-h));
        v.put(":s", n(s));
        v.put(":st", s(l.status().wire()));
        String set = "ADD held :h, spent :s";
        if (l.active()) {
            v.put(":r", n(h - s));
            set += ", remaining :r";
        }
        c.update("lease" + k, Update.builder().tableName(table).key(key(BudgetLease.pk(l.id()), BudgetLease.SK))
                .updateExpression(set)
                .conditionExpression("#st = :st")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(v)
                .build());
        up(c, chain, k, l.active() ? s : h, s);
    }

    /**
     * Lease {@code k}'s parent's side: {@code held −heldDown, spent +s} on the parent agent item and
     * the parent's windows of the lease's creation (and the account's counters for a root lease),
     * then the same change as a resolution in the parent's own lease.
     */
    public void up(Commit c, List<BudgetLease> chain, int k, long heldDown, long s) {
        if (heldDown == 0 && s == 0) return;
        BudgetLease l = chain.get(k);
        budget.everywhere(c, l.parentHold(), new MoneyDelta(s, -heldDown), true, l.root(), "lease" + k + "-parent-");
        if (!l.root()) {
            if (k + 1 >= chain.size()) throw new IllegalStateException("lease chain cut short at " + l.id());
            resolve(c, chain, k + 1, heldDown, s);
        }
    }

    /**
     * Closes an active lease: its {@code remaining} goes back to the parent (conditional on the
     * figure read, so a racing draw makes this commit fail and be decided again).
     */
    public void close(Commit c, List<BudgetLease> chain, LeaseStatus to, Instant now, LeaseStore store) {
        BudgetLease l = chain.get(0);
        String timeCond = to == LeaseStatus.EXPIRED ? " AND expires_at <= :now" : "";
        c.update("lease", Update.builder().tableName(table).key(key(BudgetLease.pk(l.id()), BudgetLease.SK))
                .updateExpression("SET #st = :to, resolved_at = :now, released = :r, remaining = :zero REMOVE "
                        + TableDefinition.DUE_PK + ", " + TableDefinition.DUE_AT)
                .conditionExpression("#st = :active AND remaining = :r" + timeCond)
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":to", s(to.wire()), ":now", s(Times.stored(now)), ":r", n(l.remaining()),
                        ":zero", n(0), ":active", s(LeaseStatus.ACTIVE.wire())))
                .build());
        c.delete("pointer", store.dropPointer(l));
        up(c, chain, 0, l.remaining(), 0);
    }

    /** Where a lease's hold counts on the parent's side. */
}
