package dev.purser.accounts;

import static dev.purser.store.Attr.bool;
import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.ss;

import dev.purser.auth.Secrets;
import dev.purser.json.Json;
import dev.purser.retry.Contended;
import dev.purser.retry.Retry;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** Accounts and their owner keys. */
public final class AccountStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public AccountStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** A new account with its first owner key. The key is in the result and nowhere else. */
    public record Created(Account account, String ownerKey, String ownerKeyId) {}

    public Created create(String name, String currency, String timezone, List<String> categories, Instant now) {
        return create(name, currency, timezone, categories, now, List.of());
    }

    /**
     * Like {@link #create(String, String, String, List, Instant)}, with {@code extra} writes in the
     * same transaction (the bootstrap's one-time marker): all or nothing.
     *
     * @throws software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException when a
     *         condition of an extra write fails
     */
    public Created create(String name, String currency, String timezone, List<String> categories, Instant now,
                          List<TransactWriteItem> extra) {
        String id = "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(Keys.account(id)));
        item.put(TableDefinition.SK, s(Keys.ACCOUNT_SK));
        item.put("account_id", s(id));
        item.put("name", s(name));
        item.put("currency", s(currency));
        item.put("timezone", s(timezone));
        item.put("request_expiry_minutes", n(Account.DEFAULT_EXPIRY_MINUTES));
        item.put("all_agents_paused", bool(false));
        item.put("blocked", bool(false));
        item.put("categories", ss(categories));
        item.put("aliases", AttributeValue.fromM(Map.of()));
        item.put("rules", ss(List.of()));
        item.put("version", n(1));
        item.put("created_at", s(Times.stored(now)));
        item.put("updated_at", s(Times.stored(now)));
        String ownerKey = Secrets.generate("pk_");
        String keyId = "key_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        List<TransactWriteItem> writes = new java.util.ArrayList<>(extra);
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build());
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(ownerKeyItem(id, keyId, ownerKey, "initial", now))
                .conditionExpression("attribute_not_exists(pk)").build()).build());
        dynamo.transactWriteItems(b -> b.transactItems(writes));
        return new Created(get(id), ownerKey, keyId);
    }

    public Account get(String accountId) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(Keys.account(accountId), Keys.ACCOUNT_SK))).item();
        return item == null || item.isEmpty() ? null : Account.fromItem(item);
    }

    /**
     * Saves an account's mutable settings if nobody saved since {@code current} was read
     * (optimistic: the caller re-reads and re-applies its change on false).
     */
    public boolean save(Account current, Account updated, Instant now) {
        return save(current, updated, now, List.of());
    }

    /**
     * {@link #save(Account, Account, Instant)} with {@code extra} writes (an outbox event) in the
     * same transaction: the change and its event exist together or not at all.
     */
    public boolean save(Account current, Account updated, Instant now, List<TransactWriteItem> extra) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":name", s(updated.name()));
        values.put(":cur", s(updated.currency()));
        values.put(":tz", s(updated.timezone()));
        values.put(":exp", n(updated.requestExpiryMinutes()));
        values.put(":paused", bool(updated.allAgentsPaused()));
        values.put(":blocked", bool(updated.blocked()));
        values.put(":cats", ss(updated.sortedCategories()));
        Map<String, AttributeValue> aliases = new HashMap<>();
        updated.aliases().forEach((k, v) -> aliases.put(k, s(v)));
        values.put(":aliases", AttributeValue.fromM(aliases));
        values.put(":rules", ss(updated.rules().stream().map(r -> Json.write(r.toJson())).toList()));
        values.put(":now", s(Times.stored(now)));
        values.put(":v", n(current.version()));
        values.put(":one", n(1));
        try {
            Map<String, String> names = new HashMap<>();
            StringBuilder set = new StringBuilder("SET ");
            String[][] fields = {{"name", ":name"}, {"currency", ":cur"}, {"timezone", ":tz"},
                    {"request_expiry_minutes", ":exp"}, {"all_agents_paused", ":paused"}, {"blocked", ":blocked"},
                    {"categories", ":cats"}, {"aliases", ":aliases"}, {"rules", ":rules"}, {"updated_at", ":now"}};
            for (int i = 0; i < fields.length; i++) {
                // Every name aliased: several (name, timezone, ...) are DynamoDB reserved words.
                names.put("#f" + i, fields[i][0]);
                set.append(i == 0 ? "" : ", ").append("#f").append(i).append(" = ").append(fields[i][1]);
            }
            names.put("#v", "version");
            if (extra.isEmpty()) {
                dynamo.updateItem(b -> b.tableName(table).key(key(Keys.account(current.id()), Keys.ACCOUNT_SK))
                        .updateExpression(set + " ADD #v :one")
                        .conditionExpression("#v = :v")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values));
                return true;
            }
            List<TransactWriteItem> writes = new java.util.ArrayList<>();
            writes.add(TransactWriteItem.builder().update(software.amazon.awssdk.services.dynamodb.model.Update.builder()
                    .tableName(table).key(key(Keys.account(current.id()), Keys.ACCOUNT_SK))
                    .updateExpression(set + " ADD #v :one")
                    .conditionExpression("#v = :v")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values).build()).build());
            writes.addAll(extra);
            dynamo.transactWriteItems(b -> b.transactItems(writes));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException
                 | software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException e) {
            return false;
        }
    }

    /** Applies {@code change} to the current account, retrying on concurrent saves; returns the saved account. */
    public Account update(String accountId, java.util.function.UnaryOperator<Account> change, Instant now) {
        return update(accountId, change, now, (before, after) -> List.of());
    }

    /**
     * {@link #update(String, java.util.function.UnaryOperator, Instant)} whose save also writes
     * {@code extra.apply(before, after)} (e.g. an outbox event) in the same transaction.
     */
    public Account update(String accountId, java.util.function.UnaryOperator<Account> change, Instant now,
                          java.util.function.BiFunction<Account, Account, List<TransactWriteItem>> extra) {
        for (int attempt : Retry.attempts(Retry.ATTEMPTS)) {
            Account current = get(accountId);
            if (current == null) return null;
            Account updated = change.apply(current);
            if (updated == current) return current;
            if (save(current, updated, now, extra.apply(current, updated))) return get(accountId);
        }
        throw new Contended("The account kept changing under concurrent edits; retry shortly");
    }

    /** An owner key's item; {@code key_id} is what lists and revocation use. */
    public Map<String, AttributeValue> ownerKeyItem(String accountId, String keyId, String ownerKey, String name, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(Keys.ownerKey(Secrets.sha256Hex(ownerKey))));
        item.put(TableDefinition.SK, s(Keys.OWNER_KEY_SK));
        item.put(TableDefinition.GSI1_PK, s(Keys.accountOwnerKeys(accountId)));
        item.put(TableDefinition.GSI1_SK, s(Times.stored(now) + "#" + keyId));
        item.put("key_id", s(keyId));
        item.put("account_id", s(accountId));
        item.put("prefix", s(Secrets.displayPrefix(ownerKey)));
        item.put("name", s(name));
        item.put("active", bool(true));
        item.put("created_at", s(Times.stored(now)));
        return item;
    }
}
