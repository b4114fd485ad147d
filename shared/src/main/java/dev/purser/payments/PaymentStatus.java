package dev.purser.payments;

import java.util.Locale;

/**
 * A payment's lifecycle.
 * <pre>
 *   (new) ─auto, internal──────────────────────────────► completed ─refund─► partially_refunded ─► refunded
 *     ├──auto, other rail──► pending ─► submitted ─► settling ─► completed | failed
 *     └──needs a human──► pending_approval ─approve─► completed (internal) | pending (other rails)
 *                                ├─reject─► rejected
 *                                └─expiry─► expired
 *     └──x402 payment token──► authorized ─call completed─► completed
 *                                  ├─cancel─► failed   ├─token expiry─► expired
 *                                  └─SLA breach (voided)─► refunded
 * </pre>
 * {@code authorized}: an x402 payment token holds the funds (x402tokens/PaymentTokens); no rail moves it.
 * Funds are a pending transfer from {@code pending_approval} until {@code completed} (posted) or
 * {@code failed}/{@code rejected}/{@code expired} (voided or timed out).
 */
public enum PaymentStatus {
    PENDING_APPROVAL, AUTHORIZED, PENDING, SUBMITTED, SETTLING, COMPLETED, FAILED, REJECTED, EXPIRED, PARTIALLY_REFUNDED, REFUNDED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PaymentStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** In the rail's hands: the sandbox connector moves these. */
    public boolean settling() {
        return this == PENDING || this == SUBMITTED || this == SETTLING;
    }

    public boolean refundable() {
        return this == COMPLETED || this == PARTIALLY_REFUNDED;
    }
}
