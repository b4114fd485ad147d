package dev.purser.wallets;

import static dev.purser.store.Attr.bool;
import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import dev.purser.ledger.store.LedgerKeys;
import dev.purser.ledger.store.PageCursor;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** Wallet items: create, read, list an account's wallets, page a wallet's ledger lines. */
public final class WalletStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public WalletStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static String newId() {
        return "wal_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    /**
     * The default wallet's id is derived from the agent id, so creating it is idempotent: a
     * registration retried after a crash finds (or makes) the same wallet.
     */
    public static String defaultId(String agentId) {
        return "wal_" + UUID.nameUUIDFromBytes(("default-wallet:" + agentId).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString().replace("-", "").substring(0, 24);
    }

    /** The put of a new wallet with zero balances; fails if the id exists. */
    public TransactWriteItem put(Wallet w) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item(w))
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    /** Creates the wallet; returns the existing one when the id is already taken (default wallets). */
    public Wallet createOrGet(Wallet w) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(item(w)).conditionExpression("attribute_not_exists(pk)"));
            return w;
        } catch (ConditionalCheckFailedException e) {
            return get(w.id());
        }
    }

    private Map<String, AttributeValue> item(Wallet w) {
        Map<String, AttributeValue> item = new HashMap<>();
        String created = Times.stored(w.createdAt());
        item.put(TableDefinition.PK, s(LedgerKeys.wallet(w.id())));
        item.put(TableDefinition.SK, s(LedgerKeys.WALLET_SK));
        item.put(TableDefinition.GSI1_PK, s(LedgerKeys.accountWallets(w.accountId())));
        item.put(TableDefinition.GSI1_SK, s(created + "#" + w.id()));
        item.put("wallet_id", s(w.id()));
        item.put("account_id", s(w.accountId()));
        item.put("agent_id", s(w.agentId()));
        item.put("currency", s(w.currency()));
        if (w.name() != null) item.put("name", s(w.name()));
        item.put("is_default", bool(w.isDefault()));
        for (String b : List.of("debits_pending", "debits_posted", "credits_pending", "credits_posted", "available")) {
            item.put(b, n(0));
        }
        item.put("created_at", s(created));
        return item;
    }

    public Wallet get(String walletId) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(LedgerKeys.wallet(walletId), LedgerKeys.WALLET_SK))).item();
        return item == null || item.isEmpty() ? null : Wallet.fromItem(item);
    }

    /** A page of an account's wallets, newest first; only one agent's when {@code agentId} is given. */
    public Page<Wallet> list(String accountId, String agentId, int limit, String cursor) {
        Map<String, AttributeValue> start = PageCursor.decode(cursor, TableDefinition.GSI1_PK,
                LedgerKeys.accountWallets(accountId));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", s(LedgerKeys.accountWallets(accountId))));
        if (agentId != null) values.put(":a", s(agentId));
        QueryResponse r = dynamo.query(b -> b.tableName(table).indexName(TableDefinition.GSI1)
                .keyConditionExpression("#p = :p")
                .filterExpression(agentId == null ? null : "agent_id = :a")
                .expressionAttributeNames(Map.of("#p", TableDefinition.GSI1_PK))
                .expressionAttributeValues(values)
                .scanIndexForward(false).limit(limit).exclusiveStartKey(start));
        return new Page<>(r.items().stream().map(Wallet::fromItem).toList(), lastKey(r));
    }

    /** A page of a wallet's ledger lines, newest first. */
    public Page<Map<String, AttributeValue>> lines(String walletId, int limit, String cursor) {
        Map<String, AttributeValue> start = PageCursor.decode(cursor, TableDefinition.PK,
                LedgerKeys.wallet(walletId));
        QueryResponse r = dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :p AND begins_with(sk, :l)")
                .expressionAttributeValues(Map.of(":p", s(LedgerKeys.wallet(walletId)), ":l", s(LedgerKeys.LINE_PREFIX)))
                .scanIndexForward(false).limit(limit).consistentRead(true).exclusiveStartKey(start));
        return new Page<>(r.items(), lastKey(r));
    }

    private static String lastKey(QueryResponse r) {
        return r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? PageCursor.encode(r.lastEvaluatedKey()) : null;
    }

    /** One page of a list and the opaque cursor of the next (null at the end). */
    public record Page<T>(List<T> items, String next) {}
}
