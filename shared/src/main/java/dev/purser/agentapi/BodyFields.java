package dev.purser.agentapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.http.ValidationErrors;
import dev.purser.json.Json;
import dev.purser.policy.Decimals;
import java.math.BigDecimal;

/**
 * Field readers that report like Pydantic v2: each problem becomes one entry of the 422 list with
 * the same {@code type}, {@code msg} and {@code ctx} LetAgentPay's clients would see. Public for
 * the other LetAgentPay-shaped body, the x402 router's.
 */
public final class BodyFields {
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999");

    private final JsonNode body;
    private final ValidationErrors errors;

    public BodyFields(JsonNode body, ValidationErrors errors) {
        this.body = body;
        this.errors = errors;
    }

    /**
     * A decimal that must be {@code > 0} and {@code <= 9999999} with at most 2 decimal places;
     * a JSON number or a numeric string. Null when absent (and not required) or invalid.
     */
    BigDecimal amount(String field, boolean required) {
        return decimal(field, required, MAX_AMOUNT);
    }

    /**
     * A decimal that must be {@code > 0}, at most {@code max} (none when null) and have at most 2
     * decimal places; a JSON number or a numeric string. Null when absent (and not required) or invalid.
     */
    public BigDecimal decimal(String field, boolean required, BigDecimal max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) errors.missing(body, "body", field);
            return null;
        }
        BigDecimal d;
        if (v.isNumber()) {
            d = v.decimalValue();
        } else if (v.isTextual()) {
            d = Decimals.ascii(v.asText());
            if (d == null) {
                errors.add("decimal_parsing", "Input should be a valid decimal", v, null, "body", field);
                return null;
            }
        } else {
            errors.add("decimal_type", "Decimal input should be an integer, float, string or Decimal object", v, null, "body", field);
            return null;
        }
        if (d.signum() <= 0) {
            errors.add("greater_than", "Input should be greater than 0", v, Json.object().put("gt", 0), "body", field);
            return null;
        }
        if (max != null && d.compareTo(max) > 0) {
            errors.add("less_than_equal", "Input should be less than or equal to " + max.toPlainString(), v,
                    Json.object().put("le", max.longValueExact()), "body", field);
            return null;
        }
        if (d.stripTrailingZeros().scale() > 2) {
            errors.add("decimal_max_places", "Decimal input should have no more than 2 decimal places", v,
                    Json.object().put("decimal_places", 2), "body", field);
            return null;
        }
        return d;
    }

    /** An optional or required string with a maximum length. */
    String string(String field, int maxLength, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) errors.missing(body, "body", field);
            return null;
        }
        if (!v.isTextual()) {
            errors.add("string_type", "Input should be a valid string", v, null, "body", field);
            return null;
        }
        String s = v.asText();
        if (s.codePointCount(0, s.length()) > maxLength) {
            errors.add("string_too_long", "String should have at most " + maxLength + " characters", v,
                    Json.object().put("max_length", maxLength), "body", field);
            return null;
        }
        return s;
    }

    /** A required strict-ish boolean (Pydantic accepts true/false and a few string forms). */
    Boolean bool(String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            errors.missing(body, "body", field);
            return null;
        }
        if (v.isBoolean()) return v.booleanValue();
        if (v.isTextual()) {
            switch (v.asText().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1", "yes", "on", "t", "y": return true;
                case "false", "0", "no", "off", "f", "n": return false;
                default: break;
            }
        }
        if (v.isIntegralNumber() && (v.asLong() == 0 || v.asLong() == 1)) return v.asLong() == 1;
        errors.add("bool_parsing", "Input should be a valid boolean", v, null, "body", field);
        return null;
    }

    /** The body must be a JSON object; FastAPI reports a missing one at {@code ["body"]}. */
    static ObjectNode requireObject(JsonNode body, ValidationErrors errors) {
        if (body == null) {
            errors.add("missing", "Field required", null, null, "body");
            errors.throwIfAny();
        }
        if (!body.isObject()) {
            errors.add("model_attributes_type", "Input should be a valid dictionary or object to extract fields from",
                    body, null, "body");
            errors.throwIfAny();
        }
        return (ObjectNode) body;
    }
}
