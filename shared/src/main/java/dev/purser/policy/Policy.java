package dev.purser.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An agent policy (§2.1), parsed once into the form the engine evaluates quickly: limits in
 * minor units with their display text, category names in hash sets, schedule windows in
 * minutes of the day, merchant patterns precompiled.
 *
 * <p>{@link #parse} is lenient because it runs at decision time on stored policies: it never
 * throws, and whatever it cannot read fails closed where that is meaningful (a garbled limit
 * acts as 0, a garbled schedule denies, a garbled auto_approve sends requests to a human).
 * Policies are checked strictly by {@link PolicyValidator} before they are stored.
 *
 * @param dailyLimit null: no limit (likewise the other limits)
 * @param requestsPerMinute null: not set (likewise requestsPerHour)
 * @param allowedCategories empty: no whitelist; non-empty: {@code blockedCategories} is ignored
 * @param allowedMerchants Purser extension; empty: no restriction
 * @param schedule null: no schedule
 * @param autoApprove null: every accepted request goes to pending
 * @param raw the policy JSON as stored (unknown keys such as {@code x402} included)
 * @param yearlyLimit {@code yearly_limit}: the calendar year in the account timezone; null: none
 * @param rolling24hLimit {@code rolling_24h_limit}: any 24 hours (hour buckets, docs/invariants.md)
 */
public record Policy(
        Limit dailyLimit, Limit weeklyLimit, Limit monthlyLimit, Limit perRequestLimit,
        Long requestsPerMinute, Long requestsPerHour,
        Set<String> allowedCategories, Set<String> blockedCategories,
        List<MerchantPattern> allowedMerchants, List<MerchantPattern> blockedMerchants,
        Schedule schedule, AutoApprove autoApprove, ObjectNode raw,
        Limit yearlyLimit, Limit rolling24hLimit) {

    public Policy {
        allowedCategories = Set.copyOf(allowedCategories);
        blockedCategories = Set.copyOf(blockedCategories);
        allowedMerchants = List.copyOf(allowedMerchants);
        blockedMerchants = List.copyOf(blockedMerchants);
    }

    /** No policy: no limits, no restrictions, no auto-approve. */
    public static final Policy NONE = new Policy(null, null, null, null, null, null,
            Set.of(), Set.of(), List.of(), List.of(), null, null, JsonNodeFactory.instance.objectNode(), null, null);

    /** The policy fields of the day/week/month windows' siblings, as stored in the policy JSON. */
    public static final String YEARLY_LIMIT = "yearly_limit";
    public static final String ROLLING_24H_LIMIT = "rolling_24h_limit";

    public boolean hasVelocityLimit() {
        return requestsPerMinute != null || requestsPerHour != null;
    }

    /** Whether a decision needs the rolling 24-hour window's hour buckets read. */
    public boolean hasRollingLimit() {
        return rolling24hLimit != null;
    }

    /** Whether the policy JSON (not yet parsed) sets a rolling 24-hour limit; cheap, for readers. */
    public static boolean setsRollingLimit(String policyJson) {
        return policyJson != null && policyJson.contains("\"" + ROLLING_24H_LIMIT + "\"");
    }

    /** The merchant check runs only when a merchant list is configured (non-empty). */
    public boolean hasMerchantRule() {
        return !allowedMerchants.isEmpty() || !blockedMerchants.isEmpty();
    }

    /** Never throws; null, JSON null, a missing node or a non-object give {@link #NONE}. */
    public static Policy parse(JsonNode raw) {
        if (raw == null || !raw.isObject()) return NONE;
        return new Policy(
                Limit.parse(raw.get("daily_limit")),
                Limit.parse(raw.get("weekly_limit")),
                Limit.parse(raw.get("monthly_limit")),
                Limit.parse(raw.get("per_request_limit")),
                count(raw.get("requests_per_minute")),
                count(raw.get("requests_per_hour")),
                orEmpty(stringSet(raw.get("allowed_categories"))),
                orEmpty(stringSet(raw.get("blocked_categories"))),
                merchants(raw.get("allowed_merchants")),
                merchants(raw.get("blocked_merchants")),
                Schedule.parse(raw.get("schedule")),
                AutoApprove.parse(raw.get("auto_approve")),
                ((ObjectNode) raw).deepCopy(),
                Limit.parse(raw.get(YEARLY_LIMIT)),
                Limit.parse(raw.get(ROLLING_24H_LIMIT)));
    }

    /**
     * A velocity limit: null when absent; a number or numeric string reads as its whole part;
     * anything else fails closed as 0 (every request would exceed it).
     */
    private static Long count(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        BigDecimal d = Decimals.parse(n);
        if (d == null) return 0L;
        return Math.max(0L, Decimals.toMinorFloor(d) / 100);
    }

    /**
     * The strings of a JSON list (other elements skipped); a lone string reads as a one-element
     * list; absent or JSON null is empty; any other shape is null (unreadable).
     */
    static Set<String> stringSet(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return Set.of();
        if (n.isTextual()) return Set.of(n.textValue());
        if (!n.isArray()) return null;
        Set<String> out = new HashSet<>();
        for (JsonNode e : n) if (e.isTextual()) out.add(e.textValue());
        return out;
    }

    private static Set<String> orEmpty(Set<String> s) {
        // The validator refuses non-list category lists; should one be stored anyway it is
        // read as no restriction rather than guessed at.
        return s == null ? Set.of() : s;
    }

    private static List<MerchantPattern> merchants(JsonNode n) {
        Set<String> names = stringSet(n);
        if (names == null || names.isEmpty()) return List.of();
        List<MerchantPattern> out = new ArrayList<>(names.size());
        for (String s : names) if (!s.isBlank()) out.add(MerchantPattern.of(s));
        return out;
    }
}
