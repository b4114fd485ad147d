package dev.purser.ledger.store;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import dev.purser.store.TableDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Idempotency records of ledger writes (payments, payouts, funding): the record is a put in the
 * SAME transaction as the movement, conditional on no live record for the key, so a key moves
 * money once (invariant L5). It stores the fingerprint of the request and the id of what was
 * created; a replay answers that resource as it is now.
 */
public final class LedgerIdempotency {
    public static final Duration TTL = Duration.ofHours(24);

    /** A live record: who made it with what request, and what it created. */
    public record Record(String fingerprint, String resourceId) {}

    private final String table;

    public LedgerIdempotency(String table) {
        this.table = table;
    }

    public static Map<String, AttributeValue> key(String ownerPk, String scope, String idemKey) {
        return dev.purser.store.Attr.key(ownerPk, LedgerKeys.idempotencySk(scope, idemKey));
    }

    public TransactWriteItem put(String ownerPk, String scope, String idemKey, String fingerprint, String resourceId,
                                 Instant now) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(key(ownerPk, scope, idemKey));
        item.put("fingerprint", s(fingerprint));
        item.put("resource_id", s(resourceId));
        item.put(TableDefinition.TTL, n(now.plus(TTL).getEpochSecond()));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk) OR #ttl < :now")
                .expressionAttributeNames(Map.of("#ttl", TableDefinition.TTL))
                .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())))
                .build()).build();
    }

    /** The live record in a read item, or null (absent or expired but not yet deleted). */
    public static Record live(Map<String, AttributeValue> item, Instant now) {
        if (item == null || item.isEmpty()) return null;
        if (num(item, TableDefinition.TTL) < now.getEpochSecond()) return null;
        return new Record(str(item, "fingerprint"), str(item, "resource_id"));
    }
}
