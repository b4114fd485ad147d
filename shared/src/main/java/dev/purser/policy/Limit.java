package dev.purser.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * A configured money limit: its value in minor units (what the engine compares) and the text
 * shown in check details (the decimal as written in the policy, so a stored {@code 5000} shows
 * {@code 5000} and {@code "2000.50"} shows {@code 2000.50}, as upstream's {@code str(Decimal)}).
 */
public record Limit(long minor, String display) {

    /** Inclusive: a projected amount equal to the limit passes. */
    public boolean allows(long projectedMinor) {
        return projectedMinor <= minor;
    }

    /**
     * Lenient read of a stored limit: null when absent or JSON null. A value that is not a
     * number fails closed as a limit of 0 (every positive amount is refused) and shows as
     * written; more than 2 decimals round down to the cent.
     */
    static Limit parse(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        BigDecimal d = Decimals.parse(n);
        if (d == null) return new Limit(0, Decimals.rawText(n));
        return new Limit(Decimals.toMinorFloor(d), d.toPlainString());
    }
}
