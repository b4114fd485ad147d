package dev.purser.mandates;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A mandate's status, its transitions listed once ({@link #next()}):
 * <pre>
 *   (create) ─► active ─PUT status revoked─► revoked ─PUT status active─► active
 * </pre>
 * Every change is a new signed version (a PUT may also keep the status and change the terms).
 * Only an active mandate lets a payment through or issues execution tokens.
 */
public enum MandateStatus {
    ACTIVE, REVOKED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MandateStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** A wire status, or null when it is not one. */
    public static MandateStatus parse(String s) {
        for (MandateStatus m : values()) if (m.wire().equals(s)) return m;
        return null;
    }

    /** The statuses a new version may have after this one (its own included: terms change, status kept). */
    public Set<MandateStatus> next() {
        return switch (this) {
            case ACTIVE, REVOKED -> EnumSet.of(ACTIVE, REVOKED);
        };
    }

    /** Whether payments and execution tokens may use it. */
    public boolean usable() {
        return this == ACTIVE;
    }
}
