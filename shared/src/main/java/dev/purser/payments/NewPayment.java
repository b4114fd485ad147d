package dev.purser.payments;

import dev.purser.idempotency.Fingerprint;
import java.math.BigDecimal;

/**
 * A validated payment request.
 *
 * @param agentId the paying agent when an owner pays (agent callers pay as themselves)
 * @param fingerprint what makes two requests with one idempotency key "the same"
 */
public record NewPayment(
        String fromWalletId,
        String toWalletId,
        String toExternal,
        BigDecimal amount,
        long amountMinor,
        String currency,
        String rail,
        String description,
        String category,
        String agentId,
        String idempotencyKey,
        Fingerprint fingerprint) {}
