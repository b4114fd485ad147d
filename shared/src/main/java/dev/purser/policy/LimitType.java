package dev.purser.policy;

import java.util.Locale;

/** The period an account budget rule limits, lowercase on the wire. */
public enum LimitType {
    DAILY, WEEKLY, MONTHLY, TOTAL;

    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }

    /** The type for an exact wire name, else null. */
    public static LimitType fromWire(String s) {
        for (LimitType t : values()) if (t.wire.equals(s)) return t;
        return null;
    }
}
