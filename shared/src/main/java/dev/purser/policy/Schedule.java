package dev.purser.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed {@code schedule} object. Parsing never throws: a schedule whose shape cannot be
 * read is kept as {@link #malformed()} and its check fails closed.
 *
 * @param timezone {@code schedule.timezone} as written; null or blank when absent
 * @param zone that zone, or null when absent or not a known zone id
 * @param defaultAllow {@code default.allow} when the key is present (possibly an invalid window),
 *                     else null
 * @param overrides in policy order
 * @param malformed the structure could not be read (not an object, overrides not a list, ...)
 */
public record Schedule(String timezone, ZoneId zone, TimeWindow defaultAllow,
                       List<ScheduleOverride> overrides, boolean malformed) {

    public Schedule {
        overrides = List.copyOf(overrides);
    }

    private static final Schedule MALFORMED = new Schedule(null, null, null, List.of(), true);

    /**
     * The zone the schedule is evaluated in: {@code schedule.timezone}, else the account zone
     * (else UTC); an unknown zone name falls back to UTC, as upstream does.
     */
    public ZoneId effectiveZone(ZoneId accountZone) {
        if (zone != null) return zone;
        if (timezone != null && !timezone.isBlank()) return ZoneOffset.UTC;
        return accountZone != null ? accountZone : ZoneOffset.UTC;
    }

    /** The first override matching the day that has a daily_limit, else null. */
    public Limit dailyLimitOn(DayOfWeek day) {
        for (ScheduleOverride o : overrides) {
            if (o.dailyLimit() != null && o.matches(day)) return o.dailyLimit();
        }
        return null;
    }

    /** Null for an absent or JSON-null schedule. */
    static Schedule parse(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (!n.isObject()) return MALFORMED;

        JsonNode tzNode = n.get("timezone");
        String timezone = null;
        if (tzNode != null && !tzNode.isNull()) {
            if (!tzNode.isTextual()) return MALFORMED;
            timezone = tzNode.textValue();
        }

        JsonNode def = n.get("default");
        TimeWindow defaultAllow = null;
        if (def != null && !def.isNull()) {
            if (!def.isObject()) return MALFORMED;
            // Upstream tests `"allow" in default`: a present key decides even when unreadable.
            if (def.has("allow")) defaultAllow = TimeWindow.parse(def.get("allow"));
        }

        List<ScheduleOverride> overrides = new ArrayList<>();
        JsonNode ov = n.get("overrides");
        if (ov != null && !ov.isNull()) {
            if (!ov.isArray()) return MALFORMED;
            for (JsonNode o : ov) {
                ScheduleOverride parsed = parseOverride(o);
                if (parsed == null) return MALFORMED;
                overrides.add(parsed);
            }
        }
        return new Schedule(timezone, zoneOrNull(timezone), defaultAllow, overrides, false);
    }

    private static ScheduleOverride parseOverride(JsonNode o) {
        if (!o.isObject()) return null;
        int mask = 0;
        JsonNode days = o.get("days");
        if (days != null && !days.isNull()) {
            if (!days.isArray()) return null;
            for (JsonNode d : days) {
                DayOfWeek day = d.isTextual() ? Days.parse(d.textValue()) : null;
                if (day != null) mask |= Days.bit(day); // unknown names simply never match
            }
        }
        JsonNode allowNode = o.get("allow");
        TimeWindow allow = null;
        if (allowNode != null && !allowNode.isNull()
                && !(allowNode.isTextual() && allowNode.textValue().isEmpty())) {
            allow = TimeWindow.parse(allowNode);
        }
        JsonNode denyNode = o.get("deny");
        // Anything but an explicit false/null counts as deny: fail closed on a garbled flag.
        boolean deny = denyNode != null && !denyNode.isNull()
                && !(denyNode.isBoolean() && !denyNode.booleanValue());
        return new ScheduleOverride(mask, Limit.parse(o.get("daily_limit")), allow, deny);
    }

    static ZoneId zoneOrNull(String name) {
        if (name == null || name.isBlank()) return null;
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
