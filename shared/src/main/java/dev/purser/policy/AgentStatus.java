package dev.purser.policy;

/** Agent statuses, as on the wire. */
public enum AgentStatus {
    ACTIVE("active"), PAUSED("paused"), ARCHIVED("archived");

    private final String wire;

    AgentStatus(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static AgentStatus fromWire(String s) {
        for (AgentStatus a : values()) if (a.wire.equals(s)) return a;
        throw new IllegalArgumentException("unknown agent status: " + s);
    }
}
