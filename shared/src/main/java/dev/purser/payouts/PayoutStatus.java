package dev.purser.payouts;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A payout's lifecycle, its transitions listed once ({@link #next()}):
 * <pre>
 *   pending ─► submitted ─► settling ─► completed
 *      └──────────┴────────────┴──────► failed     (the rail refused or returned it: the pending transfer is voided)
 * </pre>
 * The rail's connector moves it ({@code settlement/SettlementJob}); each move is one transaction
 * conditional on the status it starts from, so it happens once.
 */
public enum PayoutStatus {
    PENDING, SUBMITTED, SETTLING, COMPLETED, FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PayoutStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** A wire status, or null when it is not one. */
    public static PayoutStatus parse(String s) {
        for (PayoutStatus p : values()) if (p.wire().equals(s)) return p;
        return null;
    }

    /** The statuses this one may move to. */
    public Set<PayoutStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(SUBMITTED, SETTLING, COMPLETED, FAILED);
            case SUBMITTED -> EnumSet.of(SETTLING, COMPLETED, FAILED);
            case SETTLING -> EnumSet.of(COMPLETED, FAILED);
            case COMPLETED, FAILED -> EnumSet.noneOf(PayoutStatus.class);
        };
    }

    /** In the rail's hands: the settlement job moves these. */
    public boolean settling() {
        return !next().isEmpty();
    }

    /** The payout moved to {@code to}; refuses a transition not listed in {@link #next()}. */
    public PayoutStatus to(PayoutStatus to) {
        if (!next().contains(to)) throw new IllegalStateException("a payout does not move from " + wire() + " to " + to.wire());
        return to;
    }
}
