package dev.purser.wallets;

import static dev.purser.store.Attr.flag;
import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.str;

import dev.purser.ledger.Balances;
import dev.purser.ledger.LedgerAccountRef;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A wallet: an agent's ledger account in one currency (fixed at creation), with its balances on
 * the same item so a debit is one conditional update.
 */
public record Wallet(
        String id,
        String accountId,
        String agentId,
        String currency,
        String name,
        boolean isDefault,
        Balances balances,
        Instant createdAt) {

    public LedgerAccountRef ledgerAccount() {
        return LedgerAccountRef.wallet(id, currency);
    }

    public static Wallet fromItem(Map<String, AttributeValue> item) {
        return new Wallet(str(item, "wallet_id"), str(item, "account_id"), str(item, "agent_id"), str(item, "currency"),
                str(item, "name"), flag(item, "is_default"),
                new Balances(num(item, "debits_pending"), num(item, "debits_posted"), num(item, "credits_pending"),
                        num(item, "credits_posted")),
                Times.parse(str(item, "created_at")));
    }
}
