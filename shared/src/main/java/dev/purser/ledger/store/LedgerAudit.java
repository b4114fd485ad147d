package dev.purser.ledger.store;

import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.str;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Checks the ledger invariants (docs/invariants.md L1–L4, L6) over the whole table: per currency,
 * Σ debits == Σ credits (posted and pending, every account and shard); no wallet below zero
 * available, and {@code available} equal to its definition; every transfer in a legal final
 * shape (a resolved transfer never still counted as pending: pending balances equal the sum of
 * pending transfers); refunds never above the payment. A full scan: for tests and the bench's
 * invariant load on a quiet table, never for a request path.
 */
public final class LedgerAudit {
    private LedgerAudit() {}

    /** What the audit found: empty {@code violations} means every invariant holds. */
    public record Report(int accounts, int transfers, int pendingTransfers, Map<String, long[]> sums, List<String> violations) {}

    public static Report run(DynamoDbClient dynamo, String table) {
        Map<String, long[]> sums = new TreeMap<>(); // currency → {dp, dpo, cp, cpo}
        Map<String, long[]> pendingByTransfers = new TreeMap<>(); // currency → {pending debits of pending transfers}
        List<String> violations = new ArrayList<>();
        int accounts = 0, transfers = 0, pending = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(b -> b.tableName(table).consistentRead(true).exclusiveStartKey(from)
                    .filterExpression("(begins_with(pk, :w) AND sk = :wsk) OR begins_with(pk, :l) OR sk = :t OR sk = :p")
                    .expressionAttributeValues(Map.of(":w", AttributeValue.fromS("WALLET#"), ":wsk", AttributeValue.fromS(LedgerKeys.WALLET_SK),
                            ":l", AttributeValue.fromS("LEDGER#"), ":t", AttributeValue.fromS(LedgerKeys.TRANSFER_SK),
                            ":p", AttributeValue.fromS(LedgerKeys.PAYMENT_SK))));
            for (var item : page.items()) {
                String pk = str(item, "pk");
                String sk = str(item, "sk");
                if (sk.equals(LedgerKeys.TRANSFER_SK)) {
                    transfers++;
                    String status = str(item, "status");
                    long amount = num(item, "amount");
                    long posted = num(item, "posted_amount");
                    if (status.equals("pending")) {
                        pending++;
                        pendingByTransfers.computeIfAbsent(str(item, "currency"), c -> new long[1])[0] += amount;
                        if (posted != 0) violations.add("pending transfer " + pk + " has a posted amount");
                    } else if (status.equals("posted")) {
                        if (posted <= 0 || posted > amount) violations.add("posted transfer " + pk + " posted " + posted + " of " + amount);
                    } else if (posted != 0) {
                        violations.add(status + " transfer " + pk + " has a posted amount");
                    }
                    continue;
                }
                if (sk.equals(LedgerKeys.PAYMENT_SK)) {
                    if (num(item, "refunded_amount") > num(item, "amount")) violations.add("payment " + pk + " refunded above its amount");
                    continue;
                }
                accounts++;
                String cur = str(item, "currency");
                long dp = num(item, "debits_pending"), dpo = num(item, "debits_posted");
                long cp = num(item, "credits_pending"), cpo = num(item, "credits_posted");
                long[] s = sums.computeIfAbsent(cur, c -> new long[4]);
                s[0] += dp;
                s[1] += dpo;
                s[2] += cp;
                s[3] += cpo;
                if (pk.startsWith("WALLET#")) {
                    long available = num(item, "available");
                    if (available < 0) violations.add("wallet " + pk + " available " + available + " < 0");
                    if (available != cpo - dpo - dp) violations.add("wallet " + pk + " available " + available + " != credits_posted - debits_posted - debits_pending");
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        for (var e : sums.entrySet()) {
            long[] s = e.getValue();
            if (s[1] != s[3]) violations.add(e.getKey() + ": posted debits " + s[1] + " != posted credits " + s[3]);
            if (s[0] != s[2]) violations.add(e.getKey() + ": pending debits " + s[0] + " != pending credits " + s[2]);
            long pendingTransfers = pendingByTransfers.getOrDefault(e.getKey(), new long[1])[0];
            if (s[0] != pendingTransfers) {
                violations.add(e.getKey() + ": pending balances " + s[0] + " != amounts of pending transfers " + pendingTransfers
                        + " (a transfer resolved without its balances, or twice)");
            }
        }
        return new Report(accounts, transfers, pending, sums, violations);
    }
}
