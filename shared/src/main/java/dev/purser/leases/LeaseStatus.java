package dev.purser.leases;

import java.util.Locale;

/** A budget lease's state: {@code active} until released or expired, each exactly once. */
public enum LeaseStatus {
    ACTIVE, RELEASED, EXPIRED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LeaseStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
