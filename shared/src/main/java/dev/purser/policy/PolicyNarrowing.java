package dev.purser.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Pure narrowing arithmetic on policy-shaped JSON (only the fields a lease can narrow: the
 * per-request and period limits, allowed/blocked categories and merchants).
 *
 * <p>Rule (docs/spend-guard.md, "Budget leases"): a child may only NARROW its parent. A field the
 * child sets explicitly (in its own policy or in the lease's constraints) must be within the
 * parent's effective value; a field it leaves out inherits the parent's (the ceiling carries it),
 * so leaving a field out is never a widening. The child's decisions are made with
 * {@link #effective} = its own policy ∩ the lease's ceiling.
 */
public final class PolicyNarrowing {
    static final List<String> LIMITS = List.of("per_request_limit", "daily_limit", "weekly_limit", "monthly_limit",
            "yearly_limit", "rolling_24h_limit");
    /** Constraint name → policy field. */
    static final List<String[]> CONSTRAINT_FIELDS = List.of(
            new String[] {"categories", "allowed_categories"}, new String[] {"merchants", "allowed_merchants"},
            new String[] {"per_request_limit", "per_request_limit"}, new String[] {"daily_limit", "daily_limit"},
            new String[] {"weekly_limit", "weekly_limit"}, new String[] {"monthly_limit", "monthly_limit"},
            new String[] {"yearly_limit", "yearly_limit"}, new String[] {"rolling_24h_limit", "rolling_24h_limit"});

    /** The category an empty intersection allows: one no request uses. */
    static final String NONE = "__none__";

    private PolicyNarrowing() {}

    /** The constraints object as a policy-shaped object (amounts stay as given: decimal numbers or strings). */
    public static ObjectNode asPolicy(ObjectNode constraints) {
        ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (constraints == null) return o;
        for (String[] f : CONSTRAINT_FIELDS) {
            JsonNode v = constraints.get(f[0]);
            if (v != null && !v.isNull()) o.set(f[1], v.deepCopy());
        }
        return o;
    }

    /**
     * The first field of {@code candidate} that widens {@code ceiling}, or empty. Only fields the
     * candidate sets explicitly are compared.
     */
    public static Optional<String> widening(ObjectNode candidate, ObjectNode ceiling) {
        if (ceiling == null || candidate == null) return Optional.empty();
        Policy c = Policy.parse(candidate);
        Policy p = Policy.parse(ceiling);
        Limit[] cl = {c.perRequestLimit(), c.dailyLimit(), c.weeklyLimit(), c.monthlyLimit(), c.yearlyLimit(), c.rolling24hLimit()};
        Limit[] pl = {p.perRequestLimit(), p.dailyLimit(), p.weeklyLimit(), p.monthlyLimit(), p.yearlyLimit(), p.rolling24hLimit()};
        for (int i = 0; i < LIMITS.size(); i++) {
            if (cl[i] != null && pl[i] != null && cl[i].minor() > pl[i].minor()) return Optional.of(LIMITS.get(i));
        }
        Set<String> cAllowed = lower(c.allowedCategories());
        cAllowed.remove(NONE);
        Set<String> pAllowed = lower(p.allowedCategories());
        if (!cAllowed.isEmpty() && !pAllowed.isEmpty() && !pAllowed.containsAll(cAllowed)) return Optional.of("allowed_categories");
        Set<String> pBlocked = lower(p.blockedCategories());
        for (String cat : cAllowed) if (pBlocked.contains(cat)) return Optional.of("allowed_categories");
        if (!c.allowedMerchants().isEmpty() && !p.allowedMerchants().isEmpty()) {
            for (MerchantPattern m : c.allowedMerchants()) {
                if (p.allowedMerchants().stream().noneMatch(pm -> covers(pm, m))) return Optional.of("allowed_merchants");
            }
        }
        return Optional.empty();
    }

    /** Is every merchant {@code child} matches also matched by {@code parent}? */
    static boolean covers(MerchantPattern parent, MerchantPattern child) {
        if (parent.wildcard()) {
            return child.host().equals(parent.host()) || child.host().endsWith("." + parent.host());
        }
        return !child.wildcard() && child.host().equals(parent.host());
    }

    /**
     * The narrowest of two policy-shaped objects on the lease fields, starting from {@code own}
     * (whose other fields, such as auto-approve, schedule and velocity, are kept): each limit the
     * smaller; allowed categories the intersection (or the one that is set); blocked ones the union;
     * allowed merchants the child's own when set (checked within the ceiling) else the ceiling's;
     * blocked merchants the union.
     */
    public static ObjectNode effective(ObjectNode own, ObjectNode ceiling) {
        ObjectNode out = own == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : own.deepCopy();
        if (ceiling == null) return out;
        Policy o = Policy.parse(out);
        Policy c = Policy.parse(ceiling);
        Limit[] ol = {o.perRequestLimit(), o.dailyLimit(), o.weeklyLimit(), o.monthlyLimit(), o.yearlyLimit(), o.rolling24hLimit()};
        Limit[] cl = {c.perRequestLimit(), c.dailyLimit(), c.weeklyLimit(), c.monthlyLimit(), c.yearlyLimit(), c.rolling24hLimit()};
        for (int i = 0; i < LIMITS.size(); i++) {
            if (cl[i] != null && (ol[i] == null || cl[i].minor() < ol[i].minor())) out.set(LIMITS.get(i), ceiling.get(LIMITS.get(i)).deepCopy());
        }
        Set<String> oa = o.allowedCategories();
        Set<String> ca = c.allowedCategories();
        if (!ca.isEmpty()) {
            Set<String> merged = new LinkedHashSet<>();
            if (oa.isEmpty()) merged.addAll(ca);
            else for (String x : oa) if (lower(ca).contains(x.toLowerCase(Locale.ROOT))) merged.add(x);
            // An empty intersection must still allow nothing: a category no one uses.
            if (merged.isEmpty()) merged.add(NONE);
            out.set("allowed_categories", array(merged));
        }
        Set<String> blocked = new LinkedHashSet<>(o.blockedCategories());
        blocked.addAll(c.blockedCategories());
        if (!blocked.isEmpty()) out.set("blocked_categories", array(blocked));
        if (o.allowedMerchants().isEmpty() && !c.allowedMerchants().isEmpty()) {
            out.set("allowed_merchants", array(patterns(c.allowedMerchants())));
        }
        Set<String> bm = new LinkedHashSet<>(patterns(o.blockedMerchants()));
        bm.addAll(patterns(c.blockedMerchants()));
        if (!bm.isEmpty()) out.set("blocked_merchants", array(bm));
        return out;
    }

    /** The lease fields only of a policy (what a ceiling stores). */
    public static ObjectNode leaseFields(ObjectNode policy) {
        ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (policy == null) return o;
        for (String f : List.of("per_request_limit", "daily_limit", "weekly_limit", "monthly_limit", "yearly_limit",
                "rolling_24h_limit", "allowed_categories",
                "blocked_categories", "allowed_merchants", "blocked_merchants")) {
            JsonNode v = policy.get(f);
            if (v != null && !v.isNull()) o.set(f, v.deepCopy());
        }
        return o;
    }

    /** The policy field's constraint name ({@code allowed_categories} → {@code categories}). */
    public static String constraintName(String policyField) {
        for (String[] f : CONSTRAINT_FIELDS) if (f[1].equals(policyField)) return f[0];
        return policyField;
    }

    private static List<String> patterns(List<MerchantPattern> ps) {
        List<String> out = new ArrayList<>();
        for (MerchantPattern p : ps) out.add(p.pattern());
        return out;
    }

    private static Set<String> lower(Set<String> s) {
        Set<String> out = new LinkedHashSet<>();
        for (String x : s) out.add(x.toLowerCase(Locale.ROOT));
        return out;
    }

    private static ArrayNode array(java.util.Collection<String> values) {
        ArrayNode a = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        values.forEach(a::add);
        return a;
    }
}
