package dev.purser.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A schedule window {@code "HH:MM-HH:MM"}, precompiled to minutes of the day. Both ends are
 * inclusive at minute granularity; a start after the end wraps over midnight
 * ({@code 22:00-06:00} allows 23:00 and 03:00). An unreadable window is kept (invalid) rather
 * than refused, because only a window that actually decides makes the check fail closed.
 *
 * @param text the window as written, shown in check details
 */
public record TimeWindow(String text, int startMinute, int endMinute, boolean valid) {

    // Lenient: one- or two-digit hours and surrounding blanks are tolerated, as upstream's
    // int() parsing does; the validator insists on the strict HH:MM-HH:MM form.
    private static final Pattern LENIENT =
            Pattern.compile("\\s*(\\d{1,2})\\s*:\\s*(\\d{2})\\s*-\\s*(\\d{1,2})\\s*:\\s*(\\d{2})\\s*");
    static final Pattern STRICT = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d");

    public static TimeWindow parse(JsonNode n) {
        if (n == null || !n.isTextual()) return invalid(n == null ? "null" : Decimals.rawText(n));
        return parse(n.textValue());
    }

    public static TimeWindow parse(String s) {
        if (s == null) return invalid("null");
        Matcher m = LENIENT.matcher(s);
        if (!m.matches()) return invalid(s);
        int sh = Integer.parseInt(m.group(1)), sm = Integer.parseInt(m.group(2));
        int eh = Integer.parseInt(m.group(3)), em = Integer.parseInt(m.group(4));
        if (sh > 23 || eh > 23 || sm > 59 || em > 59) return invalid(s);
        return new TimeWindow(s, sh * 60 + sm, eh * 60 + em, true);
    }

    private static TimeWindow invalid(String text) {
        return new TimeWindow(text, -1, -1, false);
    }

    /** Whether a minute of the day (0..1439) lies in the window; false for an invalid window. */
    public boolean contains(int minuteOfDay) {
        if (!valid) return false;
        if (startMinute <= endMinute) return startMinute <= minuteOfDay && minuteOfDay <= endMinute;
        return minuteOfDay >= startMinute || minuteOfDay <= endMinute;
    }
}
