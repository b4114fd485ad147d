package dev.purser.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The strict check every surface that writes a policy runs before storing it (the counterpart of
 * the lenient {@link Policy#parse}; docs/policy.md). Returns every problem found, empty when the
 * policy is valid. {@code {}} and JSON null are valid; a key not in {@link PolicySchema} is refused
 * with the nearest known key. The {@code x402} block (read by the x402 router, spec §2.1/§4) is
 * checked here too. A valid policy may still contradict itself: {@link PolicyWarnings} says where.
 */
public final class PolicyValidator {
    static final Pattern CATEGORY_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    static final int CATEGORY_MAX = 50;
    private static final int MERCHANT_MAX = 255;
    private static final String[] LIMITS = {"daily_limit", "weekly_limit", "monthly_limit", "per_request_limit",
            Policy.YEARLY_LIMIT, Policy.ROLLING_24H_LIMIT};

    private static final Pattern ASSET = Pattern.compile("[A-Z0-9]{2,10}");

    private PolicyValidator() {}

    /** The shape and values only (category names are not compared with an account's). */
    public static List<FieldError> validate(JsonNode policy) {
        return validate(policy, null);
    }

    /**
     * @param categories the account's categories the category lists must name (null: not checked,
     *                   for a surface that has no account at hand)
     */
    public static List<FieldError> validate(JsonNode policy, KnownCategories categories) {
        List<FieldError> errors = new ArrayList<>();
        if (policy == null || policy.isNull() || policy.isMissingNode()) return errors;
        if (!policy.isObject()) {
            errors.add(new FieldError("policy", "must be a JSON object"));
            return errors;
        }
        PolicySchema.unknownKeys(policy, "", PolicySchema.KEYS, errors);
        for (String key : LIMITS) amount(policy.get(key), key, errors);
        count(policy.get("requests_per_minute"), "requests_per_minute", 10_000, errors);
        count(policy.get("requests_per_hour"), "requests_per_hour", 1_000_000, errors);
        categories(policy.get("allowed_categories"), "allowed_categories", categories, errors);
        categories(policy.get("blocked_categories"), "blocked_categories", categories, errors);
        merchants(policy.get("allowed_merchants"), "allowed_merchants", errors);
        merchants(policy.get("blocked_merchants"), "blocked_merchants", errors);
        schedule(policy.get("schedule"), errors);
        autoApprove(policy.get("auto_approve"), categories, errors);
        x402(policy.get("x402"), errors);
        eachString(policy.get("assets"), "assets", errors, (path, value) -> {
            if (!ASSET.matcher(value).matches()) errors.add(new FieldError(path, "must be an asset code such as USDC (2-10 capitals or digits)"));
        });
        JsonNode frequency = policy.get("spending_limit_frequency");
        if (!absent(frequency) && !frequency.isTextual()) errors.add(new FieldError("spending_limit_frequency", "must be a string"));
        return errors;
    }

    private static boolean absent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    /** An optional amount: number or numeric string, 0..9,999,999, at most 2 decimals. */
    static void amount(JsonNode n, String field, List<FieldError> errors) {
        if (absent(n)) return;
        BigDecimal d = Decimals.parse(n);
        if (d == null) {
            errors.add(new FieldError(field, "must be a number"));
        } else if (d.signum() < 0) {
            errors.add(new FieldError(field, "must be greater than or equal to 0"));
        } else if (d.compareTo(Decimals.MAX_AMOUNT) > 0) {
            errors.add(new FieldError(field, "must be less than or equal to 9999999"));
        } else if (Decimals.significantScale(d) > 2) {
            errors.add(new FieldError(field, "must have at most 2 decimal places"));
        }
    }

    private static void count(JsonNode n, String field, long max, List<FieldError> errors) {
        if (absent(n)) return;
        BigDecimal d = Decimals.parse(n);
        if (d == null || Decimals.significantScale(d) > 0) {
            errors.add(new FieldError(field, "must be an integer"));
        } else if (d.compareTo(BigDecimal.ONE) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
            errors.add(new FieldError(field, "must be between 1 and " + max));
        }
    }

    private static void categories(JsonNode n, String field, KnownCategories known, List<FieldError> errors) {
        eachString(n, field, errors, (path, value) -> {
            if (value.length() > CATEGORY_MAX || !CATEGORY_NAME.matcher(value).matches()) {
                errors.add(new FieldError(path,
                        "must match ^[a-z][a-z0-9_]*$ and be at most " + CATEGORY_MAX + " characters"));
            } else if (known != null && !known.allows(value)) {
                errors.add(known.refusal(path, value));
            }
        });
    }

    private static void merchants(JsonNode n, String field, List<FieldError> errors) {
        eachString(n, field, errors, (path, value) -> {
            String p = value.strip();
            String canonical = MerchantName.canonical(p);
            // '*' only as a leading "*." label: anything else would silently match nothing.
            String rest = canonical == null ? "" : canonical.startsWith("*.") ? canonical.substring(2) : canonical;
            if (p.isEmpty() || p.length() > MERCHANT_MAX || rest.isEmpty() || rest.contains("*")) {
                errors.add(new FieldError(path,
                        "must be a merchant name or *.domain pattern of 1-" + MERCHANT_MAX + " characters"));
            }
        });
    }

    /** An optional list of strings: reports a non-list or non-string entry, hands each string to {@code check}. */
    private static void eachString(JsonNode n, String field, List<FieldError> errors,
                                   java.util.function.BiConsumer<String, String> check) {
        if (absent(n)) return;
        if (!n.isArray()) {
            errors.add(new FieldError(field, "must be a list of strings"));
            return;
        }
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            String path = field + "[" + i + "]";
            if (!e.isTextual()) errors.add(new FieldError(path, "must be a string"));
            else check.accept(path, e.textValue());
        }
    }

    private static void schedule(JsonNode s, List<FieldError> errors) {
        if (absent(s)) return;
        if (!s.isObject()) {
            errors.add(new FieldError("schedule", "must be an object"));
            return;
        }
        PolicySchema.unknownKeys(s, "schedule.", PolicySchema.SCHEDULE, errors);
        JsonNode tz = s.get("timezone");
        if (absent(tz)) {
            errors.add(new FieldError("schedule.timezone", "is required"));
        } else if (!tz.isTextual() || Schedule.zoneOrNull(tz.textValue()) == null) {
            errors.add(new FieldError("schedule.timezone", "must be a known time zone"));
        }
        JsonNode def = s.get("default");
        if (absent(def)) {
            errors.add(new FieldError("schedule.default", "is required"));
        } else if (!def.isObject()) {
            errors.add(new FieldError("schedule.default", "must be an object"));
        } else {
            PolicySchema.unknownKeys(def, "schedule.default.", PolicySchema.SCHEDULE_DEFAULT, errors);
            if (def.has("allow")) window(def.get("allow"), "schedule.default.allow", errors);
        }
        JsonNode ov = s.get("overrides");
        if (absent(ov)) return;
        if (!ov.isArray()) {
            errors.add(new FieldError("schedule.overrides", "must be a list"));
            return;
        }
        for (int i = 0; i < ov.size(); i++) override(ov.get(i), "schedule.overrides[" + i + "]", errors);
    }

    private static void override(JsonNode o, String path, List<FieldError> errors) {
        if (!o.isObject()) {
            errors.add(new FieldError(path, "must be an object"));
            return;
        }
        PolicySchema.unknownKeys(o, path + ".", PolicySchema.OVERRIDE, errors);
        JsonNode days = o.get("days");
        if (absent(days)) {
            errors.add(new FieldError(path + ".days", "is required"));
        } else if (!days.isArray()) {
            errors.add(new FieldError(path + ".days", "must be a list of day names"));
        } else {
            for (int j = 0; j < days.size(); j++) {
                JsonNode d = days.get(j);
                if (!d.isTextual() || Days.parse(d.textValue()) == null) {
                    errors.add(new FieldError(path + ".days[" + j + "]", "must be one of mon, tue, wed, thu, fri, sat, sun"));
                }
            }
        }
        amount(o.get("daily_limit"), path + ".daily_limit", errors);
        JsonNode allow = o.get("allow");
        if (!absent(allow)) window(allow, path + ".allow", errors);
        JsonNode deny = o.get("deny");
        if (!absent(deny) && !deny.isBoolean()) errors.add(new FieldError(path + ".deny", "must be a boolean"));
    }

    private static void window(JsonNode w, String path, List<FieldError> errors) {
        if (w == null || !w.isTextual() || !TimeWindow.STRICT.matcher(w.textValue()).matches()) {
            errors.add(new FieldError(path, "must be a time window HH:MM-HH:MM (hours 00-23, minutes 00-59)"));
        }
    }

    private static void autoApprove(JsonNode a, KnownCategories known, List<FieldError> errors) {
        if (absent(a)) return;
        if (!a.isObject()) {
            errors.add(new FieldError("auto_approve", "must be an object"));
            return;
        }
        PolicySchema.unknownKeys(a, "auto_approve.", PolicySchema.AUTO_APPROVE, errors);
        JsonNode enabled = a.get("enabled");
        if (absent(enabled)) {
            errors.add(new FieldError("auto_approve.enabled", "is required"));
        } else if (!enabled.isBoolean()) {
            errors.add(new FieldError("auto_approve.enabled", "must be a boolean"));
        }
        amount(a.get("max_amount"), "auto_approve.max_amount", errors);
        categories(a.get("categories"), "auto_approve.categories", known, errors);
    }

    private static final Pattern DOMAIN_PATTERN =
            Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]{0,62})?(\\.[a-z0-9]([a-z0-9-]{0,62})?)*");

    /**
     * {@code x402}: {@code allowed_chains} (chain names or CAIP-2 ids, 1-30 characters),
     * {@code allowed_domains} / {@code blocked_domains} (host names or {@code *.domain}
     * patterns), {@code max_per_request} (an amount, 0 meaning no limit as upstream reads it).
     */
    private static void x402(JsonNode x, List<FieldError> errors) {
        if (absent(x)) return;
        if (!x.isObject()) {
            errors.add(new FieldError("x402", "must be an object"));
            return;
        }
        PolicySchema.unknownKeys(x, "x402.", PolicySchema.X402, errors);
        eachString(x.get("allowed_chains"), "x402.allowed_chains", errors, (path, value) -> {
            if (value.isBlank() || value.length() > 30) errors.add(new FieldError(path, "must be a chain name of 1-30 characters"));
        });
        for (String field : new String[] {"allowed_domains", "blocked_domains"}) {
            eachString(x.get(field), "x402." + field, errors, (path, value) -> {
                String v = MerchantName.canonical(value);
                if (v == null || v.length() > 253 || !DOMAIN_PATTERN.matcher(v).matches()) {
                    errors.add(new FieldError(path, "must be a host name or *.domain pattern"));
                }
            });
        }
        amount(x.get("max_per_request"), "x402.max_per_request", errors);
    }
}
