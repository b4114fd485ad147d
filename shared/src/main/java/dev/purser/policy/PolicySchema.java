package dev.purser.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The documented policy keys (docs/policy.md), object by object. A key not listed here is refused
 * with the nearest listed key as a suggestion, so a typo ({@code dayly_limit}) never silently
 * stores a policy without the limit the owner meant.
 */
public final class PolicySchema {
    /** Every top-level key; a new policy key is added here and in docs/policy.md. */
    public static final List<String> KEYS = List.of(
            "per_request_limit", "daily_limit", "weekly_limit", "monthly_limit", Policy.YEARLY_LIMIT, Policy.ROLLING_24H_LIMIT,
            "requests_per_minute", "requests_per_hour",
            "allowed_categories", "blocked_categories", "allowed_merchants", "blocked_merchants",
            "schedule", "auto_approve", "x402", "assets", "spending_limit_frequency");
    static final List<String> SCHEDULE = List.of("timezone", "default", "overrides");
    static final List<String> SCHEDULE_DEFAULT = List.of("allow");
    static final List<String> OVERRIDE = List.of("days", "daily_limit", "allow", "deny");
    static final List<String> AUTO_APPROVE = List.of("enabled", "max_amount", "categories");
    static final List<String> X402 = List.of("allowed_chains", "allowed_domains", "blocked_domains", "max_per_request");

    private PolicySchema() {}

    /** Reports each key of {@code object} not in {@code known}: {@code prefix + key}, with the nearest known key. */
    static void unknownKeys(JsonNode object, String prefix, List<String> known, List<FieldError> errors) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (known.contains(key)) continue;
            errors.add(unknown(prefix + key, key, known, "a policy key"));
        }
    }

    /** The error for a name that is not one of {@code known} ({@code what}: "a policy key", "a lease constraint"). */
    public static FieldError unknown(String field, String name, List<String> known, String what) {
        String near = nearest(name, known);
        return near == null
                ? new FieldError(field, "is not " + what + " (known: " + String.join(", ", known) + ")")
                : new FieldError(field, "is not " + what + "; did you mean `" + near + "`?", near);
    }

    /**
     * The known name closest to {@code name} by edit distance (the resolver's optimal string
     * alignment), if within {@code max(2, length / 3)}; ties go to the earlier one. Null: none close.
     */
    public static String nearest(String name, List<String> known) {
        String n = name.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        int max = Math.max(2, n.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = CategoryResolver.osaDistance(n, k);
            if (d <= max && d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }
}
