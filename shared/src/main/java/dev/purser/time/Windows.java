package dev.purser.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;

/**
 * The calendar windows a request counts in: its day ({@code 2026-11-23}), ISO week
 * ({@code 2026-W48}, Monday to Sunday) and month ({@code 2026-11}), all in the account timezone;
 * plus the fixed UTC minute and hour buckets of the velocity and rate limits.
 */
public record Windows(String day, String week, String month) {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);

    public static final char DAY = 'D';
    public static final char WEEK = 'W';
    public static final char MONTH = 'M';

    public static Windows of(Instant t, ZoneId zone) {
        LocalDate d = t.atZone(zone).toLocalDate();
        String week = String.format("%04d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        String month = String.format("%04d-%02d", d.getYear(), d.getMonthValue());
        return new Windows(d.toString(), week, month);
    }

    public String period(char kind) {
        return switch (kind) {
            case DAY -> day;
            case WEEK -> week;
            case MONTH -> month;
            default -> throw new IllegalArgumentException("window kind " + kind);
        };
    }

    public static String minuteBucket(Instant t) {
        return MINUTE.format(t);
    }

    public static String hourBucket(Instant t) {
        return HOUR.format(t);
    }

    /** A timezone by name, or the fallback when the name is unknown. */
    public static ZoneId zoneOr(String name, ZoneId fallback) {
        if (name == null) return fallback;
        try {
            return ZoneId.of(name);
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
