package dev.purser.disputes;

import java.util.Locale;

/**
 * A dispute's lifecycle (docs/disputes.md).
 * <pre>
 *   open ─withdraw (opener)─► withdrawn
 *     └─review (operator)─► under_review ─resolve (operator)─► resolved_refunded | resolved_denied
 * </pre>
 * Every transition is one transaction conditional on the status it starts from, so it happens once.
 */
public enum DisputeStatus {
    OPEN, UNDER_REVIEW, RESOLVED_REFUNDED, RESOLVED_DENIED, WITHDRAWN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DisputeStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** A wire status, or null when it is not one. */
    public static DisputeStatus parse(String s) {
        for (DisputeStatus d : values()) if (d.wire().equals(s)) return d;
        return null;
    }

    /** Open or under review: the payment's open-dispute lock is held, evidence may be added. */
    public boolean active() {
        return this == OPEN || this == UNDER_REVIEW;
    }
}
