package dev.purser.spendguard;

/** A reservation's lifecycle: {@code held} → exactly one of captured, released, expired. */
public enum ReservationStatus {
    HELD("held"),
    CAPTURED("captured"),
    RELEASED("released"),
    EXPIRED("expired");

    private final String wire;

    ReservationStatus(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static ReservationStatus fromWire(String s) {
        for (ReservationStatus v : values()) if (v.wire.equals(s)) return v;
        throw new IllegalArgumentException("unknown reservation status: " + s);
    }
}
