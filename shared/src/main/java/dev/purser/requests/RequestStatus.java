package dev.purser.requests;

/** Purchase request statuses (spec §3.1), as on the wire. */
public enum RequestStatus {
    PENDING("pending"),
    AUTO_APPROVED("auto_approved"),
    APPROVED("approved"),
    REJECTED("rejected"),
    EXPIRED("expired"),
    COMPLETED("completed"),
    FAILED("failed");

    private final String wire;

    RequestStatus(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public boolean terminal() {
        return this == REJECTED || this == EXPIRED || this == COMPLETED || this == FAILED;
    }

    /** Whether the request's amount currently counts against budgets and windows. */
    public boolean counts() {
        return this == PENDING || this == AUTO_APPROVED || this == APPROVED || this == COMPLETED;
    }

    public static RequestStatus fromWire(String s) {
        for (RequestStatus r : values()) if (r.wire.equals(s)) return r;
        throw new IllegalArgumentException("unknown request status: " + s);
    }
}
