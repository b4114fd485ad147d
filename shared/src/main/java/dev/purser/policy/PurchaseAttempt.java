package dev.purser.policy;

import java.math.BigDecimal;

/**
 * The request being decided.
 *
 * @param amount the amount as the agent sent it (its scale is kept for check details: a JSON
 *               {@code 100.0} is shown as {@code 100.0}, a {@code "100.00"} as {@code 100.00})
 * @param amountMinor the same amount in minor units
 * @param category the resolved canonical category
 */
public record PurchaseAttempt(BigDecimal amount, long amountMinor, String category, String merchantName) {}
