package dev.purser.time;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Instant formats. Storage uses one fixed width (microseconds, {@code Z}) so that string order is
 * time order in sort keys. The wire follows Python's {@code isoformat()} with {@code Z}:
 * microseconds only when non-zero.
 */
public final class Times {
    private static final DateTimeFormatter STORED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter WIRE_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Times() {}

    /** Purser keeps microsecond precision, like the upstream database. */
    public static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    public static String stored(Instant t) {
        return STORED.format(t);
    }

    public static Instant parse(String s) {
        return s == null ? null : Instant.parse(s);
    }

    public static String wire(Instant t) {
        if (t == null) return null;
        return t.getNano() / 1000 == 0 ? WIRE_SECONDS.format(t) : STORED.format(t);
    }
}
