package dev.purser.spendguard;

import dev.purser.money.Money;
import java.math.BigDecimal;

/**
 * A proposed spend, validated: what authorize, estimate and reservations evaluate.
 *
 * @param agentId the agent named in the body, or null (an agent token speaks for itself)
 * @param currency upper-cased, or null for the account's
 */
public record Attempt(String agentId, long amountMinor, String currency, String category, String merchant) {
    public BigDecimal amount() {
        return Money.toDecimal(amountMinor);
    }
}
