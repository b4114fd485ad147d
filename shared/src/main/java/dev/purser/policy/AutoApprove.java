package dev.purser.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The parsed {@code auto_approve} object (§2.6).
 *
 * @param maxAmount null: any amount; {@code 0} turns auto-approve off for every positive amount
 * @param categories empty: any category
 */
public record AutoApprove(boolean enabled, Limit maxAmount, Set<String> categories) {

    public AutoApprove {
        categories = Set.copyOf(categories);
    }

    static final AutoApprove OFF = new AutoApprove(false, null, Set.of());

    /** Whether an accepted request qualifies; {@code category} is the resolved one. */
    public boolean qualifies(long amountMinor, String category) {
        if (!enabled) return false;
        if (maxAmount != null && !maxAmount.allows(amountMinor)) return false;
        return categories.isEmpty() || categories.contains(category);
    }

    /**
     * Lenient: null when absent. Auto-approval is the permissive outcome, so anything garbled
     * (enabled not literally true, an unreadable max_amount or categories) turns it off and
     * requests go to a human.
     */
    static AutoApprove parse(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (!n.isObject()) return OFF;
        JsonNode enabled = n.get("enabled");
        if (enabled == null || !enabled.isBoolean() || !enabled.booleanValue()) return OFF;
        Limit max = Limit.parse(n.get("max_amount"));
        JsonNode cats = n.get("categories");
        if (cats != null && !cats.isNull() && !cats.isArray()) return OFF;
        Set<String> names = Policy.stringSet(cats);
        if (names == null) return OFF;
        return new AutoApprove(true, max, names);
    }
}
