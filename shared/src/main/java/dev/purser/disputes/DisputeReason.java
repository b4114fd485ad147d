package dev.purser.disputes;

import java.util.List;

/**
 * The reason codes a dispute may be opened with. Seed 004 names {@code service_not_delivered} and
 * {@code incorrect_amount}; {@code amount_incorrect} is accepted as the same claim worded the other
 * way round (kept as sent).
 */
public final class DisputeReason {
    public static final List<String> CODES = List.of("service_not_delivered", "sla_breach", "duplicate_charge",
            "incorrect_amount", "amount_incorrect", "unauthorized", "quality_issue", "fraud", "other");

    private DisputeReason() {}

    public static boolean known(String code) {
        return CODES.contains(code);
    }
}
