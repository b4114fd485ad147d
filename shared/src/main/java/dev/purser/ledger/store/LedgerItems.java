package dev.purser.ledger.store;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import dev.purser.ledger.BalanceChange;
import dev.purser.ledger.LedgerAccountRef;
import dev.purser.ledger.Transfer;
import dev.purser.ledger.TransferKind;
import dev.purser.ledger.TransferStatus;
import dev.purser.ledger.AccountKind;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The DynamoDB items of ledger movements. A movement is its transfers (created or resolved), the
 * balance update of each account it touches, and one ledger line per wallet side; the caller adds
 * its business item, idempotency record and outbox event and runs them all as ONE transaction.
 *
 * <ul>
 *   <li>A transfer is put with {@code attribute_not_exists(pk)}: ids are derived from the business
 *       object ({@code <payment id>:payment}), so a duplicate can never be written twice.</li>
 *   <li>Resolving updates its status with {@code status = pending}: exactly once.</li>
 *   <li>A wallet's balances update carries {@code attribute_exists(pk) AND currency = :cur} and, when
 *       the change lowers {@code available} by x, {@code available >= x}: no overdraft, as a condition.</li>
 *   <li>System accounts are spread over {@link LedgerAccountRef#SHARDS} items; the movement's id picks one.</li>
 * </ul>
 */
public final class LedgerItems {
    private final String table;

    public LedgerItems(String table) {
        this.table = table;
    }

    public String table() { return table; }

    /** Labels used for cancellation reasons: a wallet's balance update is {@code wallet:<id>}. */
    public static String walletLabel(String walletId) { return "wallet:" + walletId; }

    public TransactWriteItem putTransfer(Transfer t) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(LedgerKeys.transfer(t.id())));
        item.put(TableDefinition.SK, s(LedgerKeys.TRANSFER_SK));
        item.put("transfer_id", s(t.id()));
        item.put("debit_account", s(t.debit().id()));
        item.put("credit_account", s(t.credit().id()));
        item.put("debit_kind", s(t.debit().kind().name()));
        item.put("credit_kind", s(t.credit().kind().name()));
        item.put("amount", n(t.amount()));
        item.put("currency", s(t.currency()));
        item.put("kind", s(t.kind().wire()));
        item.put("status", s(t.status().wire()));
        item.put("posted_amount", n(t.postedAmount()));
        item.put("reference", s(t.reference()));
        item.put("created_at", s(Times.stored(t.createdAt())));
        if (t.resolvedAt() != null) item.put("resolved_at", s(Times.stored(t.resolvedAt())));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    /** Resolves a pending transfer, conditional on it still being pending (L3: exactly once). */
    public TransactWriteItem resolveTransfer(Transfer resolved) {
        if (!resolved.status().resolved()) throw new IllegalArgumentException("not a resolution");
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(LedgerKeys.transfer(resolved.id()), LedgerKeys.TRANSFER_SK))
                .updateExpression("SET #st = :to, posted_amount = :p, resolved_at = :at")
                .conditionExpression("#st = :pending")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":to", s(resolved.status().wire()), ":p", n(resolved.postedAmount()),
                        ":at", s(Times.stored(resolved.resolvedAt())), ":pending", s(TransferStatus.PENDING.wire())))
                .build()).build();
    }

    /** The balance update of one account; {@code shardKey} picks a system account's shard. */
    public TransactWriteItem balance(BalanceChange c, String shardKey) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":dp", n(c.debitsPending()));
        values.put(":dpo", n(c.debitsPosted()));
        values.put(":cp", n(c.creditsPending()));
        values.put(":cpo", n(c.creditsPosted()));
        values.put(":av", n(c.availableDelta()));
        String add = "ADD debits_pending :dp, debits_posted :dpo, credits_pending :cp, credits_posted :cpo, available :av";
        LedgerAccountRef a = c.account();
        Update.Builder u = Update.builder().tableName(table);
        if (a.isWallet()) {
            u.key(key(LedgerKeys.wallet(a.walletId()), LedgerKeys.WALLET_SK));
            values.put(":cur", s(a.currency()));
            String cond = "attribute_exists(pk) AND currency = :cur";
            if (c.cover() > 0) {
                values.put(":cover", n(c.cover()));
                cond += " AND available >= :cover";
            }
            u.updateExpression(add).conditionExpression(cond);
        } else {
            u.key(key(LedgerKeys.systemAccount(a.kind(), a.currency()), LedgerKeys.shardSk(shard(shardKey))));
            values.put(":cur", s(a.currency()));
            values.put(":kind", s(a.kind().name()));
            u.updateExpression(add + " SET currency = :cur, kind = :kind");
        }
        return TransactWriteItem.builder().update(u.expressionAttributeValues(values).build()).build();
    }

    static int shard(String shardKey) {
        return Math.floorMod(shardKey.hashCode(), LedgerAccountRef.SHARDS);
    }

    /**
     * The ledger lines of one step of {@code t} on its wallet sides (system accounts keep no lines:
     * they would be hot partitions; their history is the transfers).
     *
     * @param phase what happened: {@code pending}, {@code posted}, {@code voided}, {@code timed_out}
     * @param amount the amount of this step (the posted amount when posting)
     */
    public List<TransactWriteItem> lines(Transfer t, String phase, long amount, Instant at, String description) {
        List<TransactWriteItem> out = new ArrayList<>(2);
        if (t.debit().isWallet()) out.add(line(t, t.debit(), t.credit(), "debit", phase, amount, at, description));
        if (t.credit().isWallet()) out.add(line(t, t.credit(), t.debit(), "credit", phase, amount, at, description));
        return out;
    }

    private TransactWriteItem line(Transfer t, LedgerAccountRef self, LedgerAccountRef other, String direction, String phase,
                                   long amount, Instant at, String description) {
        Map<String, AttributeValue> item = new HashMap<>();
        String stored = Times.stored(at);
        item.put(TableDefinition.PK, s(LedgerKeys.wallet(self.walletId())));
        item.put(TableDefinition.SK, s(LedgerKeys.lineSk(stored, t.id(), phase)));
        item.put("transfer_id", s(t.id()));
        item.put("kind", s(t.kind().wire()));
        item.put("direction", s(direction));
        item.put("phase", s(phase));
        item.put("amount", n(amount));
        item.put("currency", s(t.currency()));
        item.put("counterparty", s(other.id()));
        item.put("reference", s(t.reference()));
        if (description != null) item.put("description", s(description));
        item.put("created_at", s(stored));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    /** Reads a transfer item back. */
    public static Transfer transferFromItem(Map<String, AttributeValue> item) {
        String currency = str(item, "currency");
        return new Transfer(str(item, "transfer_id"),
                ref(str(item, "debit_kind"), str(item, "debit_account"), currency),
                ref(str(item, "credit_kind"), str(item, "credit_account"), currency),
                Long.parseLong(item.get("amount").n()), currency,
                TransferKind.fromWire(str(item, "kind")), TransferStatus.fromWire(str(item, "status")),
                Long.parseLong(item.get("posted_amount").n()), str(item, "reference"),
                Times.parse(str(item, "created_at")),
                str(item, "resolved_at") == null ? null : Times.parse(str(item, "resolved_at")));
    }

    private static LedgerAccountRef ref(String kind, String id, String currency) {
        AccountKind k = AccountKind.valueOf(kind);
        return k == AccountKind.WALLET ? LedgerAccountRef.wallet(id, currency) : LedgerAccountRef.system(k, currency);
    }
}
