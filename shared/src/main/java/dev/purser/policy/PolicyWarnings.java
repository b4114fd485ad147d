package dev.purser.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a valid policy says that the owner probably does not mean (docs/policy.md, "Warnings"): a
 * policy that contradicts itself is saved (it is not wrong to be strict), and the answer carries
 * these, each with the field it is about. Pure; run on a policy {@link PolicyValidator} accepted.
 */
public final class PolicyWarnings {
    /** Limits from the narrowest window to the widest; a narrower limit above a wider one never binds. */
    private static final List<String> WINDOWS = List.of("per_request_limit", "daily_limit", Policy.ROLLING_24H_LIMIT,
            "weekly_limit", "monthly_limit", Policy.YEARLY_LIMIT);

    private PolicyWarnings() {}

    public static List<FieldError> of(JsonNode policy) {
        List<FieldError> out = new ArrayList<>();
        if (policy == null || !policy.isObject()) return out;
        limits(policy, out);
        autoApprove(policy, out);
        overlap(policy, "", "allowed_categories", "blocked_categories", false, out);
        if (!strings(policy.get("allowed_categories")).isEmpty() && !strings(policy.get("blocked_categories")).isEmpty()) {
            out.add(new FieldError("blocked_categories",
                    "is ignored while allowed_categories is set: only the allowed categories pass"));
        }
        overlap(policy, "", "allowed_merchants", "blocked_merchants", true, out);
        JsonNode x = policy.path("x402");
        overlap(x, "x402.", "allowed_domains", "blocked_domains", true, out);
        BigDecimal x402Max = Decimals.parse(x.get("max_per_request"));
        BigDecimal perRequest = Decimals.parse(policy.get("per_request_limit"));
        if (x402Max != null && x402Max.signum() > 0 && perRequest != null && x402Max.compareTo(perRequest) > 0) {
            out.add(new FieldError("x402.max_per_request", "is above per_request_limit " + perRequest.toPlainString()
                    + ": x402 payments above " + perRequest.toPlainString() + " are declined"));
        }
        return out;
    }

    private static void limits(JsonNode policy, List<FieldError> out) {
        for (int i = 0; i < WINDOWS.size(); i++) {
            BigDecimal narrow = Decimals.parse(policy.get(WINDOWS.get(i)));
            if (narrow == null) continue;
            for (int j = i + 1; j < WINDOWS.size(); j++) {
                // A day and any 24 hours are not nested either way: no order between them.
                if (WINDOWS.get(i).equals("daily_limit") && WINDOWS.get(j).equals(Policy.ROLLING_24H_LIMIT)) continue;
                BigDecimal wide = Decimals.parse(policy.get(WINDOWS.get(j)));
                if (wide != null && narrow.compareTo(wide) > 0) {
                    out.add(new FieldError(WINDOWS.get(i), "is above " + WINDOWS.get(j) + " " + wide.toPlainString()
                            + ": the " + WINDOWS.get(j) + " binds first"));
                }
            }
        }
    }

    private static void autoApprove(JsonNode policy, List<FieldError> out) {
        JsonNode auto = policy.path("auto_approve");
        if (!auto.path("enabled").asBoolean(false)) return;
        BigDecimal max = Decimals.parse(auto.get("max_amount"));
        BigDecimal perRequest = Decimals.parse(policy.get("per_request_limit"));
        if (max != null && perRequest != null && max.compareTo(perRequest) > 0) {
            out.add(new FieldError("auto_approve.max_amount", "is above per_request_limit " + perRequest.toPlainString()
                    + ": requests above " + perRequest.toPlainString() + " are rejected, not auto-approved"));
        }
        Set<String> allowed = strings(policy.get("allowed_categories"));
        Set<String> blocked = strings(policy.get("blocked_categories"));
        for (String c : strings(auto.get("categories"))) {
            boolean refused = allowed.isEmpty() ? blocked.contains(c) : !allowed.contains(c);
            if (refused) {
                out.add(new FieldError("auto_approve.categories", "names " + c
                        + ", which the category lists refuse: it is never auto-approved"));
            }
        }
    }

    /** Entries of {@code blockedKey} that {@code allowedKey} also names (merchants: in canonical form, wildcards covering). */
    private static void overlap(JsonNode o, String prefix, String allowedKey, String blockedKey, boolean merchants,
                                List<FieldError> out) {
        Set<String> allowed = strings(o.get(allowedKey));
        Set<String> blocked = strings(o.get(blockedKey));
        if (allowed.isEmpty() || blocked.isEmpty()) return;
        for (String b : blocked) {
            for (String a : allowed) {
                boolean same = merchants ? merchantOverlap(a, b) : a.equals(b);
                if (same) {
                    out.add(new FieldError(prefix + blockedKey, "blocks " + b + ", which " + prefix + allowedKey
                            + " allows (" + a + "): the block wins"));
                    break;
                }
            }
        }
    }

    private static boolean merchantOverlap(String allowed, String blocked) {
        MerchantPattern a = MerchantPattern.of(allowed);
        MerchantPattern b = MerchantPattern.of(blocked);
        if (a.host().isEmpty() || b.host().isEmpty()) return false;
        return a.matches(b.host()) || b.matches(a.host());
    }

    private static Set<String> strings(JsonNode n) {
        Set<String> out = new LinkedHashSet<>();
        if (n != null && n.isArray()) for (JsonNode e : n) if (e.isTextual()) out.add(e.textValue());
        return out;
    }
}
