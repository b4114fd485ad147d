package dev.purser.policy;

import java.time.DayOfWeek;
import java.util.Locale;

/** Weekday names as policies write them: lowercase three letters, {@code mon}..{@code sun}. */
final class Days {
    private static final String[] NAMES = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

    private Days() {}

    static String name(DayOfWeek d) {
        return NAMES[d.getValue() - 1];
    }

    /** The day for a name, case-insensitively; null for anything else. */
    static DayOfWeek parse(String s) {
        if (s == null) return null;
        String l = s.toLowerCase(Locale.ROOT);
        for (int i = 0; i < NAMES.length; i++) if (NAMES[i].equals(l)) return DayOfWeek.of(i + 1);
        return null;
    }

    static int bit(DayOfWeek d) {
        return 1 << (d.getValue() - 1);
    }
}
