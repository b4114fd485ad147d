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
 *
 * <p>{@code year} (calendar year in the account timezone, {@code 2026}) and {@code hour} (the UTC
 * hour bucket {@code 2026112514} of the rolling 24-hour window) are null on requests stored before
 * those windows existed: such requests were never counted in them, so transitions skip them.
 */
public record Windows(String day, String week, String month, String year, String hour) {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR_FMT = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);

    public static final char DAY = 'D';
    public static final char WEEK = 'W';
    public static final char MONTH = 'M';
    public static final char YEAR = 'Y';
    /** The hourly buckets of the rolling 24-hour window (UTC hours). */
    public static final char HOUR = 'H';
    /**
     * Buckets summed for the rolling 24-hour window: the current UTC hour and the 24 before it. A
     * spend therefore leaves the window between 24 and 25 hours after it was made, never earlier:
     * every true 24-hour interval is covered, so the limit holds for any 24 hours (conservative by
     * at most one hour).
     */
    public static final int ROLLING_BUCKETS = 25;

    /** Windows of a request stored before the yearly and rolling windows existed. */
    public Windows(String day, String week, String month) {
        this(day, week, month, null, null);
    }

    public static Windows of(Instant t, ZoneId zone) {
        LocalDate d = t.atZone(zone).toLocalDate();
        String week = String.format("%04d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        String month = String.format("%04d-%02d", d.getYear(), d.getMonthValue());
        return new Windows(d.toString(), week, month, String.format("%04d", d.getYear()), hourBucket(t));
    }

    public String period(char kind) {
        return switch (kind) {
            case DAY -> day;
            case WEEK -> week;
            case MONTH -> month;
            case YEAR -> year;
            case HOUR -> hour;
            default -> throw new IllegalArgumentException("window kind " + kind);
        };
    }

    public static String minuteBucket(Instant t) {
        return MINUTE.format(t);
    }

    public static String hourBucket(Instant t) {
        return HOUR_FMT.format(t);
    }

    /** The rolling window's hour buckets at {@code t}, newest (the current hour) first. */
    public static java.util.List<String> rollingBuckets(Instant t) {
        java.util.List<String> out = new java.util.ArrayList<>(ROLLING_BUCKETS);
        Instant h = t.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        for (int i = 0; i < ROLLING_BUCKETS; i++) out.add(HOUR_FMT.format(h.minusSeconds(3600L * i)));
        return out;
    }

    /** When an hour bucket's counter item may be dropped (TTL): 48 h after its hour began. */
    public static long hourBucketTtl(String bucket) {
        java.time.LocalDateTime start = java.time.LocalDateTime.parse(bucket + "0000",
                DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        return start.toEpochSecond(ZoneOffset.UTC) + 48 * 3600;
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
