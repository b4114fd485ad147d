package dev.purser.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An account-level budget rule (§2.7), owner API {@code /api/v1/me/budget/rules}.
 *
 * @param limitDisplay the limit as check details show it: two decimals, as upstream's
 *                     {@code NUMERIC(12,2)} column prints ({@code 5000.00})
 * @param daysOfWeek 0 = Monday .. 6 = Sunday; null = every day; empty = never
 * @param startAt null = no start bound (likewise endAt)
 */
public record AccountRule(String id, String name, LimitType limitType, long limitMinor, String limitDisplay,
                          int priority, List<Integer> daysOfWeek, Instant startAt, Instant endAt,
                          boolean active) {

    public static final String DAYS_OF_WEEK_MESSAGE = "days_of_week values must be 0-6 (Mon-Sun)";
    public static final String SPAN_MESSAGE = "start_at must be before end_at";
    private static final int NAME_MAX = 255;

    public AccountRule {
        if (daysOfWeek != null) daysOfWeek = List.copyOf(daysOfWeek);
    }

    /** A {@code total} rule with both bounds keeps its own counter instead of the account lifetime totals. */
    public boolean temporal() {
        return limitType == LimitType.TOTAL && startAt != null && endAt != null;
    }

    /** Whether {@code now} lies in {@code [startAt, endAt]} (missing bounds are open). */
    public boolean inSpan(Instant now) {
        return (startAt == null || !now.isBefore(startAt)) && (endAt == null || !now.isAfter(endAt));
    }

    /** The wire form of the owner API. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", id);
        o.put("name", name);
        o.put("limit_type", limitType.wire());
        o.put("limit_amount", Money.plain(limitMinor));
        o.put("priority", priority);
        if (daysOfWeek == null) {
            o.putNull("days_of_week");
        } else {
            ArrayNode days = o.putArray("days_of_week");
            for (Integer d : daysOfWeek) days.add(d);
        }
        putInstant(o, "start_at", startAt);
        putInstant(o, "end_at", endAt);
        o.put("is_active", active);
        return o;
    }

    private static void putInstant(ObjectNode o, String key, Instant t) {
        if (t == null) o.putNull(key);
        else o.put(key, t.toString()); // ISO-8601 UTC with Z
    }

    /**
     * Reads the wire form (or a create body that passed {@link #validate}); defaults as the
     * owner API: priority 0, every day, no bounds, active.
     *
     * @throws IllegalArgumentException when a field is missing or unreadable
     */
    public static AccountRule fromJson(JsonNode n) {
        if (n == null || !n.isObject()) throw new IllegalArgumentException("account rule must be an object");
        JsonNode id = n.get("id");
        String name = text(n, "name");
        LimitType type = LimitType.fromWire(text(n, "limit_type"));
        if (type == null) throw new IllegalArgumentException("limit_type: unknown " + n.get("limit_type"));
        BigDecimal amount = Decimals.parse(n.get("limit_amount"));
        if (amount == null) throw new IllegalArgumentException("limit_amount: not a number");
        long minor;
        try {
            minor = Money.toMinor(amount);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("limit_amount: more than 2 decimals", e);
        }
        JsonNode prio = n.get("priority");
        int priority = prio == null || prio.isNull() ? 0 : prio.asInt();
        JsonNode active = n.get("is_active");
        return new AccountRule(
                id == null || id.isNull() ? null : id.asText(),
                name, type, minor, Money.plain(minor), priority,
                days(n.get("days_of_week")),
                instant(n, "start_at"), instant(n, "end_at"),
                active == null || active.isNull() || active.asBoolean());
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException(key + ": missing or not a string");
        return v.textValue();
    }

    private static List<Integer> days(JsonNode d) {
        if (d == null || d.isNull()) return null;
        if (!d.isArray()) throw new IllegalArgumentException("days_of_week: not a list");
        List<Integer> out = new ArrayList<>(d.size());
        for (JsonNode e : d) {
            if (!e.canConvertToExactIntegral()) throw new IllegalArgumentException("days_of_week: not an integer");
            out.add(e.asInt());
        }
        return out;
    }

    private static Instant instant(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) return null;
        try {
            return parseDateTime(v.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + ": not an ISO-8601 datetime", e);
        }
    }

    /**
     * An ISO-8601 datetime: with {@code Z} or an offset, or without one (then taken as UTC,
     * as upstream stores naive datetimes).
     *
     * @throws DateTimeParseException when unreadable
     */
    public static Instant parseDateTime(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        }
    }

    /**
     * Validates a create body ({@code partial == false}: name, limit_type and limit_amount are
     * required) or an update body ({@code partial == true}: only the fields present are checked).
     * The two checks answered with 400 instead of 422 are {@link #daysOfWeekError} and
     * {@link #spanError}.
     */
    public static List<FieldError> validate(JsonNode body, boolean partial) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            errors.add(new FieldError("body", "must be a JSON object"));
            return errors;
        }
        JsonNode name = body.get("name");
        if (name == null) {
            if (!partial) errors.add(new FieldError("name", "is required"));
        } else if (!name.isTextual() || name.textValue().isEmpty() || name.textValue().length() > NAME_MAX) {
            errors.add(new FieldError("name", "must be a string of 1-" + NAME_MAX + " characters"));
        }
        JsonNode type = body.get("limit_type");
        if (type == null) {
            if (!partial) errors.add(new FieldError("limit_type", "is required"));
        } else if (!type.isTextual() || LimitType.fromWire(type.textValue()) == null) {
            errors.add(new FieldError("limit_type", "must be one of daily, weekly, monthly, total"));
        }
        JsonNode amount = body.get("limit_amount");
        if (amount == null) {
            if (!partial) errors.add(new FieldError("limit_amount", "is required"));
        } else {
            limitAmount(amount, errors);
        }
        JsonNode prio = body.get("priority");
        if (prio != null && !(prio.isIntegralNumber() && prio.canConvertToInt() && prio.intValue() >= 0)) {
            errors.add(new FieldError("priority", "must be an integer greater than or equal to 0"));
        }
        JsonNode active = body.get("is_active");
        if (active != null && !active.isBoolean()) errors.add(new FieldError("is_active", "must be a boolean"));
        JsonNode days = body.get("days_of_week");
        if (days != null && !days.isNull()) {
            boolean ok = days.isArray();
            if (ok) for (JsonNode d : days) ok &= d.isIntegralNumber() && d.canConvertToInt();
            if (!ok) errors.add(new FieldError("days_of_week", "must be a list of integers or null"));
            // A week has 7 days: a longer list is a mistake (and would bloat the account item).
            else if (days.size() > 7) errors.add(new FieldError("days_of_week", "must have at most 7 entries"));
        }
        dateTime(body.get("start_at"), "start_at", errors);
        dateTime(body.get("end_at"), "end_at", errors);
        return errors;
    }

    private static void limitAmount(JsonNode amount, List<FieldError> errors) {
        BigDecimal d = Decimals.parse(amount);
        if (d == null) {
            errors.add(new FieldError("limit_amount", "must be a number"));
        } else if (d.signum() <= 0) {
            errors.add(new FieldError("limit_amount", "must be greater than 0"));
        } else if (d.compareTo(Decimals.MAX_AMOUNT) > 0) {
            errors.add(new FieldError("limit_amount", "must be less than or equal to 9999999"));
        } else if (Decimals.significantScale(d) > 2) {
            errors.add(new FieldError("limit_amount", "must have at most 2 decimal places"));
        }
    }

    private static void dateTime(JsonNode v, String field, List<FieldError> errors) {
        if (v == null || v.isNull()) return;
        if (v.isTextual()) {
            try {
                parseDateTime(v.textValue());
                return;
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        errors.add(new FieldError(field, "must be an ISO-8601 datetime"));
    }

    /** The 400 answer for a {@code days_of_week} list with a value outside 0..6, if any. */
    public static Optional<String> daysOfWeekError(List<Integer> days) {
        if (days != null) {
            for (Integer d : days) if (d == null || d < 0 || d > 6) return Optional.of(DAYS_OF_WEEK_MESSAGE);
        }
        return Optional.empty();
    }

    /** Same as {@link #daysOfWeekError(List)} on a body that passed {@link #validate}. */
    public static Optional<String> daysOfWeekError(JsonNode body) {
        JsonNode days = body == null ? null : body.get("days_of_week");
        if (days == null || !days.isArray()) return Optional.empty();
        for (JsonNode d : days) {
            if (!d.canConvertToInt() || d.asInt() < 0 || d.asInt() > 6) return Optional.of(DAYS_OF_WEEK_MESSAGE);
        }
        return Optional.empty();
    }

    /**
     * The 400 answer when both bounds are set and start is not before end. For an update,
     * pass the bounds the rule would have after the update.
     */
    public static Optional<String> spanError(Instant startAt, Instant endAt) {
        if (startAt != null && endAt != null && !startAt.isBefore(endAt)) return Optional.of(SPAN_MESSAGE);
        return Optional.empty();
    }
}
