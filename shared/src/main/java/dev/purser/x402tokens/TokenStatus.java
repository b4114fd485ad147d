package dev.purser.x402tokens;

import java.util.Locale;

/**
 * A payment token's lifecycle (docs/x402.md "Payment tokens"):
 * <pre>
 *   authorized ─verify─► redeemed ─call-started─► call_started ─call-accepted─► call_accepted
 *     ├─DELETE─► cancelled   └─expiry─► expired        └──────────call-completed──────┴─► completed
 *     └─expiry─► expired                                └──SLA window passed (scan)───┴─► sla_breached
 * </pre>
 * Every arrow is one transaction conditional on the state it starts from.
 */
public enum TokenStatus {
    AUTHORIZED, REDEEMED, CALL_STARTED, CALL_ACCEPTED, COMPLETED, CANCELLED, EXPIRED, SLA_BREACHED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TokenStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    public boolean terminal() {
        return this == COMPLETED || this == CANCELLED || this == EXPIRED || this == SLA_BREACHED;
    }

    /** The call is in flight: the SLA clock runs. */
    public boolean inCall() {
        return this == CALL_STARTED || this == CALL_ACCEPTED;
    }
}
