package dev.purser.x402;

import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * An agent's self-custodied x402 wallets: at most one per chain, an item
 * {@code AGENT#<id> / X402WALLET#<chain>} created by a conditional put (so two concurrent
 * registrations on one chain end in one wallet and one 409).
 */
public final class X402Wallets {
    static final String SK_PREFIX = "X402WALLET#";

    /** A registered wallet. */
    public record Wallet(String address, String chain, String provider, boolean active, Instant createdAt) {}

    private final DynamoDbClient dynamo;
    private final String table;

    public X402Wallets(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The new wallet, or null when the agent has one on this chain already. */
    public Wallet register(String agentId, String address, String chain, String provider, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(Keys.agent(agentId)));
        item.put(TableDefinition.SK, s(SK_PREFIX + chain));
        item.put("wallet_address", s(address));
        item.put("chain", s(chain));
        if (provider != null) item.put("wallet_provider", s(provider));
        item.put("is_active", AttributeValue.fromBool(true));
        item.put("created_at", s(Times.stored(now)));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException e) {
            return null;
        }
        return new Wallet(address, chain, provider, true, now);
    }

    /** The agent's wallets, ordered by chain. */
    public List<Wallet> list(String agentId) {
        List<Wallet> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.query(b -> {
                b.tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                        .expressionAttributeValues(Map.of(":pk", s(Keys.agent(agentId)), ":p", s(SK_PREFIX)));
                if (from != null) b.exclusiveStartKey(from);
            });
            for (var item : page.items()) {
                var active = item.get("is_active");
                out.add(new Wallet(str(item, "wallet_address"), str(item, "chain"), str(item, "wallet_provider"),
                        active == null || Boolean.TRUE.equals(active.bool()), Times.parse(str(item, "created_at"))));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }
}
