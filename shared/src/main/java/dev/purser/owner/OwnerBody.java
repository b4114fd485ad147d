package dev.purser.owner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.http.HttpRequest;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.policy.Decimals;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Set;

/**
 * Reading owner-API JSON bodies. Every problem is a 422 naming the field, never a 500. Unknown
 * fields are refused too: a misspelled field in a PATCH would otherwise be a silent no-op.
 */
public final class OwnerBody {
    private OwnerBody() {}

    /** The body as a JSON value (any type), or 422 {@code body} when absent or malformed. */
    public static JsonNode json(HttpRequest request) {
        if (!request.hasBody()) throw OwnerErrors.invalid("body", "is required");
        JsonNode parsed;
        try {
            parsed = Json.parse(request.body());
        } catch (JsonProcessingException e) {
            throw OwnerErrors.invalid("body", "is not valid JSON");
        }
        // Whitespace only parses to "no value" (MissingNode): that is an absent body, not a null.
        if (parsed == null || parsed.isMissingNode()) throw OwnerErrors.invalid("body", "is required");
        return parsed;
    }

    /** The body as an object with only {@code allowed} keys. */
    public static ObjectNode object(HttpRequest request, Set<String> allowed) {
        JsonNode n = json(request);
        if (!n.isObject()) throw OwnerErrors.invalid("body", "must be a JSON object");
        onlyKnown((ObjectNode) n, allowed);
        return (ObjectNode) n;
    }

    /** Like {@link #object} but an absent body is an empty object (bodies that are all optional). */
    public static ObjectNode optionalObject(HttpRequest request, Set<String> allowed) {
        return request.hasBody() ? object(request, allowed) : Json.object();
    }

    public static void onlyKnown(ObjectNode body, Set<String> allowed) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) throw OwnerErrors.invalid(f, "is not a known field");
        }
    }

    /** A string of 1..max characters when present and not null; null otherwise. */
    public static String text(ObjectNode body, String field, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() || v.textValue().isBlank() || v.textValue().length() > max) {
            throw OwnerErrors.invalid(field, "must be a non-blank string of at most " + max + " characters");
        }
        return v.textValue();
    }

    public static String requiredText(ObjectNode body, String field, int max) {
        String s = text(body, field, max);
        if (s == null) throw OwnerErrors.invalid(field, "is required");
        return s;
    }

    public static Boolean bool(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isBoolean()) throw OwnerErrors.invalid(field, "must be a boolean");
        return v.booleanValue();
    }

    /** An amount ≥ 0 with at most 2 decimals (number or numeric string), in minor units; null when absent. */
    public static Long amount(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        BigDecimal d = Decimals.parse(v);
        if (d == null) throw OwnerErrors.invalid(field, "must be a number");
        if (d.signum() < 0) throw OwnerErrors.invalid(field, "must be greater than or equal to 0");
        if (d.compareTo(Decimals.MAX_AMOUNT) > 0) throw OwnerErrors.invalid(field, "must be less than or equal to 9999999");
        if (Decimals.significantScale(d) > 2) throw OwnerErrors.invalid(field, "must have at most 2 decimal places");
        return Money.toMinor(d.setScale(2, java.math.RoundingMode.UNNECESSARY));
    }

    /** One of {@code values} when present, else null. */
    public static String oneOf(ObjectNode body, String field, Set<String> values) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() || !values.contains(v.textValue())) {
            throw OwnerErrors.invalid(field, "must be one of " + String.join(", ", new java.util.TreeSet<>(values)));
        }
        return v.textValue();
    }
}
