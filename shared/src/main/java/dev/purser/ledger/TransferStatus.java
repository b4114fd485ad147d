package dev.purser.ledger;

import java.util.Locale;

/**
 * A transfer is created either {@code POSTED} (single phase) or {@code PENDING} (two phase). A
 * pending transfer is resolved exactly once: posted, voided or timed out. Resolved states are final.
 */
public enum TransferStatus {
    PENDING, POSTED, VOIDED, TIMED_OUT;

    public boolean resolved() {
        return this != PENDING;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TransferStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
