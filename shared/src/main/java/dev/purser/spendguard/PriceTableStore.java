package dev.purser.spendguard;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The account's price table: item {@code ACCOUNT#<id> / PRICES}. */
public record PriceTableStore(DynamoDbClient dynamo, String table) {
    static final String SK = "PRICES";

    /** The owner's table, or the documented example when none was set. */
    public PriceTable get(String accountId) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(Keys.account(accountId), SK))).item();
        if (item == null || item.isEmpty()) return PriceTable.EXAMPLE;
        return PriceTable.fromJson(str(item, "prices"));
    }

    public void put(String accountId, PriceTable prices, Instant now) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of(
                TableDefinition.PK, s(Keys.account(accountId)),
                TableDefinition.SK, s(SK),
                "prices", s(prices.toJson()),
                "updated_at", s(Times.stored(now)))));
    }
}
