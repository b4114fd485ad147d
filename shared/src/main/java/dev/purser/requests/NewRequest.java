package dev.purser.requests;

import java.math.BigDecimal;

/**
 * A validated create body.
 *
 * @param amount as sent (scale kept for check details)
 * @param currency upper-cased, or null when the agent left it to the account
 */
public record NewRequest(
        BigDecimal amount,
        long amountMinor,
        String currency,
        String category,
        String merchantName,
        String description,
        String agentComment) {}
