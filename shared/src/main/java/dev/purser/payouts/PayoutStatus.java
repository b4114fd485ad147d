package dev.purser.payouts;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A payout's lifecycle, its transitions listed once ({@link #next()}):
 * <pre>
 *   pending_approval ─approve─► pending      (held for the owner: its review request decides, payouts/PayoutLinks)
 *          ├─reject─► rejected               (the pending transfer is voided)
 *          └─expiry─► expired                (the owner never answered; voided)
 *   pending ─► submitted ─► settling ─► completed
 *      └──────────┴────────────┴──────► failed     (the rail refused or returned it: the pending transfer is voided)
 * </pre>
 * The rail's connector moves a payout from {@code pending} on ({@code settlement/SettlementJob}); the
 * review request's lifecycle moves it out of {@code pending_approval}. Each move is one transaction
 * conditional on the status it starts from, so it happens once.
 */
public enum PayoutStatus {
    PENDING_APPROVAL, PENDING, SUBMITTED, SETTLING, COMPLETED, FAILED, REJECTED, EXPIRED;

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
            case PENDING_APPROVAL -> EnumSet.of(PENDING, REJECTED, EXPIRED);
            case PENDING -> EnumSet.of(SUBMITTED, SETTLING, COMPLETED, FAILED);
            case SUBMITTED -> EnumSet.of(SETTLING, COMPLETED, FAILED);
            case SETTLING -> EnumSet.of(COMPLETED, FAILED);
            case COMPLETED, FAILED, REJECTED, EXPIRED -> EnumSet.noneOf(PayoutStatus.class);
        };
    }

    /** In the rail's hands: the settlement job moves these (not one still held for the owner). */
    public boolean settling() {
        return this == PENDING || this == SUBMITTED || this == SETTLING;
    }

    /** The payout moved to {@code to}; refuses a transition not listed in {@link #next()}. */
    public PayoutStatus to(PayoutStatus to) {
        if (!next().contains(to)) throw new IllegalStateException("a payout does not move from " + wire() + " to " + to.wire());
        return to;
    }
}
