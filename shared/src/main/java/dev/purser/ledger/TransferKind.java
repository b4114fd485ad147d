package dev.purser.ledger;

import java.util.Locale;

/** Why money moved. */
public enum TransferKind {
    FUNDING, PAYMENT, FEE, REFUND, PAYOUT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TransferKind fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
