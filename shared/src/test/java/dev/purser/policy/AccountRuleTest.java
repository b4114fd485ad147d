package dev.purser.policy;

import static dev.purser.policy.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.json.Json;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccountRuleTest {

    @Test
    void jsonRoundTrip() {
        AccountRule r = new AccountRule("r-1", "Weekend cap", LimitType.WEEKLY, 250_050, "2500.50", 3,
                List.of(5, 6), Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-05-01T12:30:00Z"), false);
        String wire = Json.write(r.toJson());
        assertEquals("{\"id\":\"r-1\",\"name\":\"Weekend cap\",\"limit_type\":\"weekly\",\"limit_amount\":\"2500.50\","
                + "\"priority\":3,\"days_of_week\":[5,6],\"start_at\":\"2026-04-01T00:00:00Z\","
                + "\"end_at\":\"2026-05-01T12:30:00Z\",\"is_active\":false}", wire);
        assertEquals(r, AccountRule.fromJson(json(wire)));

        AccountRule open = new AccountRule("r-2", "All", LimitType.TOTAL, 100, "1.00", 0, null, null, null, true);
        String openWire = Json.write(open.toJson());
        assertTrue(openWire.contains("\"days_of_week\":null,\"start_at\":null,\"end_at\":null,\"is_active\":true"));
        assertEquals(open, AccountRule.fromJson(json(openWire)));
    }

    @Test
    void fromJsonAppliesDefaultsAndNormalizesDisplay() {
        AccountRule r = AccountRule.fromJson(json(
                "{\"name\": \"Daily\", \"limit_type\": \"daily\", \"limit_amount\": 5000, \"start_at\": \"2026-04-01T02:00:00+02:00\"}"));
        assertNull(r.id());
        assertEquals(500_000, r.limitMinor());
        assertEquals("5000.00", r.limitDisplay());
        assertEquals(0, r.priority());
        assertNull(r.daysOfWeek());
        assertTrue(r.active());
        assertEquals(Instant.parse("2026-04-01T00:00:00Z"), r.startAt());
        assertThrows(IllegalArgumentException.class, () -> AccountRule.fromJson(json("{\"name\": \"x\", \"limit_type\": \"yearly\", \"limit_amount\": 1}")));
        assertThrows(IllegalArgumentException.class, () -> AccountRule.fromJson(json("{\"name\": \"x\", \"limit_type\": \"daily\", \"limit_amount\": 1.001}")));
        assertThrows(IllegalArgumentException.class, () -> AccountRule.fromJson(json("[]")));
    }

    @Test
    void temporalNeedsTotalAndBothBounds() {
        Instant a = Instant.parse("2026-01-01T00:00:00Z"), b = Instant.parse("2026-02-01T00:00:00Z");
        assertTrue(new AccountRule("t", "t", LimitType.TOTAL, 1, "0.01", 0, null, a, b, true).temporal());
        assertFalse(new AccountRule("t", "t", LimitType.TOTAL, 1, "0.01", 0, null, a, null, true).temporal());
        assertFalse(new AccountRule("t", "t", LimitType.TOTAL, 1, "0.01", 0, null, null, b, true).temporal());
        assertFalse(new AccountRule("t", "t", LimitType.MONTHLY, 1, "0.01", 0, null, a, b, true).temporal());
    }

    static List<String> fields(String body, boolean partial) {
        return AccountRule.validate(json(body), partial).stream().map(FieldError::field).toList();
    }

    @Test
    void validateCreateBody() {
        assertTrue(fields("{\"name\": \"Cap\", \"limit_type\": \"total\", \"limit_amount\": \"9999999.00\", \"priority\": 0,"
                + " \"is_active\": true, \"days_of_week\": [0, 6], \"start_at\": \"2026-04-01T00:00:00Z\", \"end_at\": null}", false).isEmpty());
        assertEquals(List.of("name", "limit_type", "limit_amount"), fields("{}", false));
        assertEquals(List.of("body"), fields("[]", false));
        assertEquals(List.of("name", "limit_type", "limit_amount", "priority", "is_active", "days_of_week", "start_at", "end_at"),
                fields("{\"name\": \"\", \"limit_type\": \"Daily\", \"limit_amount\": 0, \"priority\": -1,"
                        + " \"is_active\": \"yes\", \"days_of_week\": \"mon\", \"start_at\": \"tomorrow\", \"end_at\": 5}", false));
    }

    @Test
    void validateLimitAmountAndName() {
        String base = "{\"name\": \"%s\", \"limit_type\": \"daily\", \"limit_amount\": %s}";
        assertEquals(List.of(new FieldError("limit_amount", "must be greater than 0")),
                AccountRule.validate(json(String.format(base, "n", "-1")), false));
        assertEquals(List.of(new FieldError("limit_amount", "must be less than or equal to 9999999")),
                AccountRule.validate(json(String.format(base, "n", "10000000")), false));
        assertEquals(List.of(new FieldError("limit_amount", "must have at most 2 decimal places")),
                AccountRule.validate(json(String.format(base, "n", "\"0.001\"")), false));
        assertEquals(List.of("limit_amount"), fields(String.format(base, "n", "\"ten\""), false));
        assertEquals(List.of("name"), fields(String.format(base, "x".repeat(256), "1"), false));
        assertTrue(fields(String.format(base, "x".repeat(255), "0.01"), false).isEmpty());
    }

    @Test
    void validatePartialBody() {
        assertTrue(fields("{}", true).isEmpty());
        assertTrue(fields("{\"priority\": 7}", true).isEmpty());
        assertEquals(List.of("limit_amount"), fields("{\"limit_amount\": null}", true));
        assertEquals(List.of("priority"), fields("{\"priority\": 1.5}", true));
    }

    @Test
    void daysOfWeekAndSpanAre400Messages() {
        assertEquals(Optional.empty(), AccountRule.daysOfWeekError(List.of(0, 6)));
        assertEquals(Optional.empty(), AccountRule.daysOfWeekError((List<Integer>) null));
        assertEquals(Optional.of("days_of_week values must be 0-6 (Mon-Sun)"), AccountRule.daysOfWeekError(List.of(0, 7)));
        assertEquals(Optional.of("days_of_week values must be 0-6 (Mon-Sun)"), AccountRule.daysOfWeekError(Arrays.asList(-1)));
        assertEquals(Optional.of("days_of_week values must be 0-6 (Mon-Sun)"),
                AccountRule.daysOfWeekError(json("{\"days_of_week\": [1, 9]}")));
        assertEquals(Optional.empty(), AccountRule.daysOfWeekError(json("{\"days_of_week\": []}")));
        assertTrue(fields("{\"days_of_week\": [9]}", true).isEmpty(), "range is the 400 check, not a 422");

        Instant a = Instant.parse("2026-01-01T00:00:00Z"), b = Instant.parse("2026-02-01T00:00:00Z");
        assertEquals(Optional.empty(), AccountRule.spanError(a, b));
        assertEquals(Optional.empty(), AccountRule.spanError(a, null));
        assertEquals(Optional.of("start_at must be before end_at"), AccountRule.spanError(b, a));
        assertEquals(Optional.of("start_at must be before end_at"), AccountRule.spanError(a, a));
    }

    @Test
    void dateTimes() {
        assertEquals(Instant.parse("2026-04-07T10:00:00.123456Z"), AccountRule.parseDateTime("2026-04-07T10:00:00.123456+00:00"));
        assertEquals(Instant.parse("2026-04-07T10:00:00Z"), AccountRule.parseDateTime("2026-04-07T10:00:00"));
    }
}
