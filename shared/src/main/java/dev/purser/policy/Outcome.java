package dev.purser.policy;

/** What the engine decides for a new request. */
public enum Outcome {
    AUTO_APPROVED("auto_approved"),
    PENDING("pending"),
    REJECTED("rejected");

    private final String wire;

    Outcome(String wire) { this.wire = wire; }

    public String wire() { return wire; }
}
