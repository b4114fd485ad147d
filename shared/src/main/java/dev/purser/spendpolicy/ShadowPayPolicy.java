package dev.purser.spendpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.policy.Decimals;
import dev.purser.policy.FieldError;
import dev.purser.policy.PolicySchema;
import dev.purser.policy.PolicyValidator;
import dev.purser.policy.PolicyWarnings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * ShadowPay's spend policy (seed 001) as a view of, and a partial update to, the agent policy:
 *
 * <pre>
 * daily_limit_usdc            ↔ daily_limit (calendar day, account timezone)
 * per_transaction_limit_usdc  ↔ per_request_limit
 * allowed_recipients          ↔ allowed_merchants ("*.domain" wildcards; null/[] = anyone)
 * assets                      ↔ assets (must include the account currency's asset)
 * active_hours                ↔ schedule.default.allow (timezone: the schedule's, else the account's)
 * hitl_threshold_usdc         ↔ auto_approve {enabled: true, max_amount} (above it: a human approves);
 *                               null = no human in the loop; no or disabled auto_approve shows as 0
 * </pre>
 *
 * USDC amounts are decimals (JSON numbers or strings, never read through a double) converted
 * exactly to the account currency's minor units at 1 USDC = 1 unit; more than 2 decimals are
 * refused rather than rounded.
 */
public final class ShadowPayPolicy {
    public static final List<String> FIELDS = List.of("daily_limit_usdc", "per_transaction_limit_usdc",
            "allowed_recipients", "assets", "active_hours", "hitl_threshold_usdc");
    private static final Pattern HOURS = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d");
    private static final JsonNodeFactory F = JsonNodeFactory.withExactBigDecimals(true);

    private ShadowPayPolicy() {}

    /** The seed's GET view of a stored policy (null = no policy). */
    public static ObjectNode view(String agentId, JsonNode policy) {
        ObjectNode p = policy != null && policy.isObject() ? (ObjectNode) policy : F.objectNode();
        ObjectNode o = F.objectNode();
        o.put("policy_id", policyId(agentId));
        o.put("agent_id", agentId);
        o.set("daily_limit_usdc", usdc(p.get("daily_limit")));
        o.set("per_transaction_limit_usdc", usdc(p.get("per_request_limit")));
        o.set("allowed_recipients", list(p.get("allowed_merchants")));
        o.set("assets", list(p.get("assets")));
        JsonNode allow = p.path("schedule").path("default").get("allow");
        o.set("active_hours", allow != null && allow.isTextual() ? allow : F.nullNode());
        JsonNode auto = p.get("auto_approve");
        if (auto == null || auto.isNull() || !auto.path("enabled").asBoolean(false)) {
            o.put("hitl_threshold_usdc", new BigDecimal("0.00"));
        } else {
            o.set("hitl_threshold_usdc", usdc(auto.get("max_amount")));
        }
        return o;
    }

    /** {@code policy_<agent suffix>}: one spend policy per agent, so its id is derived, not stored. */
    public static String policyId(String agentId) {
        return "policy_" + (agentId.startsWith("agent_") ? agentId.substring(6) : agentId);
    }

    /**
     * Applies a ShadowPay PATCH to a copy of the stored policy. Only the fields sent change; JSON
     * null clears one. Returns the problems instead when the patch is invalid (nothing applied).
     *
     * @param accountCurrency the account's currency (the asset check)
     * @param accountTimezone the zone a new schedule gets for {@code active_hours}
     */
    public static Result patch(JsonNode stored, JsonNode patch, String accountCurrency, String accountTimezone) {
        List<FieldError> errors = new ArrayList<>();
        if (patch == null || !patch.isObject()) {
            errors.add(new FieldError("body", "must be a JSON object"));
            return new Result(null, errors);
        }
        for (Iterator<String> it = patch.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) errors.add(PolicySchema.unknown(f, f, FIELDS, "a spend policy field"));
        }
        ObjectNode p = stored != null && stored.isObject() ? ((ObjectNode) stored).deepCopy() : F.objectNode();
        amountField(patch, "daily_limit_usdc", p, "daily_limit", errors);
        amountField(patch, "per_transaction_limit_usdc", p, "per_request_limit", errors);
        if (patch.has("allowed_recipients")) {
            JsonNode v = patch.get("allowed_recipients");
            if (v.isNull() || (v.isArray() && v.isEmpty())) p.remove("allowed_merchants");
            else if (strings(v, "allowed_recipients", errors)) p.set("allowed_merchants", v.deepCopy());
        }
        if (patch.has("assets")) {
            JsonNode v = patch.get("assets");
            if (v.isNull() || (v.isArray() && v.isEmpty())) {
                p.remove("assets");
            } else if (strings(v, "assets", errors)) {
                ArrayNode upper = F.arrayNode();
                boolean covers = false;
                for (JsonNode a : v) {
                    String code = a.textValue().strip().toUpperCase(Locale.ROOT);
                    upper.add(code);
                    covers |= coversCurrency(code, accountCurrency);
                }
                if (!covers) {
                    errors.add(new FieldError("assets", "must include the account currency's asset ("
                            + String.join(" or ", assetsOf(accountCurrency)) + "): agents spend in " + accountCurrency));
                } else {
                    p.set("assets", upper);
                }
            }
        }
        if (patch.has("active_hours")) {
            JsonNode v = patch.get("active_hours");
            if (v.isNull()) {
                removeDefaultAllow(p);
            } else if (!v.isTextual() || !HOURS.matcher(v.textValue()).matches()) {
                errors.add(new FieldError("active_hours", "must be a time window HH:MM-HH:MM (hours 00-23, minutes 00-59)"));
            } else {
                JsonNode s = p.get("schedule");
                ObjectNode schedule = s != null && s.isObject() ? (ObjectNode) s : p.putObject("schedule");
                if (!schedule.path("timezone").isTextual()) schedule.put("timezone", accountTimezone);
                JsonNode d = schedule.get("default");
                ObjectNode def = d != null && d.isObject() ? (ObjectNode) d : schedule.putObject("default");
                def.put("allow", v.textValue());
            }
        }
        if (patch.has("hitl_threshold_usdc")) {
            JsonNode v = patch.get("hitl_threshold_usdc");
            JsonNode a = p.get("auto_approve");
            ObjectNode auto = a != null && a.isObject() ? (ObjectNode) a : F.objectNode();
            auto.put("enabled", true);
            if (v.isNull()) {
                auto.remove("max_amount");
                p.set("auto_approve", auto);
            } else {
                BigDecimal d = amount(v, "hitl_threshold_usdc", errors);
                if (d != null) {
                    auto.put("max_amount", d.setScale(2).toPlainString());
                    p.set("auto_approve", auto);
                }
            }
        }
        if (errors.isEmpty()) {
            // The result is an ordinary policy: it must pass the owner API's own validation too.
            for (FieldError e : PolicyValidator.validate(p)) errors.add(e.at(seedField(e.field())));
        }
        return errors.isEmpty() ? new Result(p, List.of()) : new Result(null, errors);
    }

    /** A patch's outcome: the new policy, or the problems (never both). */
    public record Result(ObjectNode policy, List<FieldError> errors) {
        public Result {
            errors = List.copyOf(errors);
        }
    }

    /** The policy's warnings ({@link PolicyWarnings}), under this surface's field names. */
    public static List<FieldError> warnings(JsonNode policy) {
        return PolicyWarnings.of(policy).stream().map(w -> w.at(seedField(w.field()))).toList();
    }

    /** A policy field's name on this surface (validator errors speak the policy's names). */
    private static String seedField(String policyField) {
        String[][] names = {{"allowed_merchants", "allowed_recipients"}, {"assets", "assets"},
                {"daily_limit", "daily_limit_usdc"}, {"per_request_limit", "per_transaction_limit_usdc"},
                {"schedule.default.allow", "active_hours"}, {"auto_approve.max_amount", "hitl_threshold_usdc"}};
        for (String[] n : names) {
            if (policyField.equals(n[0]) || policyField.startsWith(n[0] + "[")) return n[1] + policyField.substring(n[0].length());
        }
        return "policy." + policyField;
    }

    private static void removeDefaultAllow(ObjectNode p) {
        JsonNode s = p.get("schedule");
        if (s == null || !s.isObject()) return;
        JsonNode d = s.get("default");
        if (d != null && d.isObject()) ((ObjectNode) d).remove("allow");
        JsonNode ov = s.get("overrides");
        // A schedule left with nothing to say is removed whole rather than kept as an empty shell.
        if (s.path("default").isEmpty() && (ov == null || ov.isNull() || (ov.isArray() && ov.isEmpty()))) p.remove("schedule");
    }

    private static void amountField(JsonNode patch, String field, ObjectNode p, String target, List<FieldError> errors) {
        if (!patch.has(field)) return;
        JsonNode v = patch.get(field);
        if (v.isNull()) {
            p.remove(target);
            return;
        }
        BigDecimal d = amount(v, field, errors);
        if (d != null) p.put(target, d.setScale(2).toPlainString());
    }

    /** A USDC amount: number or numeric string, 0..9,999,999, at most 2 decimals (else an error, null). */
    static BigDecimal amount(JsonNode v, String field, List<FieldError> errors) {
        BigDecimal d = Decimals.parse(v);
        if (d == null) {
            errors.add(new FieldError(field, "must be a number (USDC)"));
        } else if (d.signum() < 0) {
            errors.add(new FieldError(field, "must be greater than or equal to 0"));
        } else if (d.compareTo(Decimals.MAX_AMOUNT) > 0) {
            errors.add(new FieldError(field, "must be less than or equal to 9999999"));
        } else if (Decimals.significantScale(d) > 2) {
            errors.add(new FieldError(field, "must have at most 2 decimal places (cents)"));
        } else {
            return d.stripTrailingZeros().scale() < 0 ? d.setScale(0) : d;
        }
        return null;
    }

    private static boolean strings(JsonNode v, String field, List<FieldError> errors) {
        if (!v.isArray()) {
            errors.add(new FieldError(field, "must be a list of strings"));
            return false;
        }
        boolean ok = true;
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual() || v.get(i).textValue().isBlank()) {
                errors.add(new FieldError(field + "[" + i + "]", "must be a non-blank string"));
                ok = false;
            }
        }
        return ok;
    }

    /** The asset codes that are the account currency: a USD account spends USD, USDC or USDT. */
    static List<String> assetsOf(String currency) {
        return "USD".equals(currency) ? List.of("USDC", "USD", "USDT") : List.of(currency);
    }

    private static boolean coversCurrency(String asset, String currency) {
        return assetsOf(currency).contains(asset);
    }

    private static JsonNode usdc(JsonNode stored) {
        if (stored == null || stored.isNull()) return F.nullNode();
        BigDecimal d = Decimals.parse(stored);
        return d == null ? F.nullNode() : F.numberNode(d.setScale(Math.max(2, d.scale()), java.math.RoundingMode.UNNECESSARY));
    }

    private static JsonNode list(JsonNode stored) {
        return stored != null && stored.isArray() ? stored.deepCopy() : F.nullNode();
    }
}
