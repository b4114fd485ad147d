package dev.purser.idempotency;

import dev.purser.store.Attr;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import dev.purser.store.TableDefinition;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The one idempotency store (after Powertools' {@code DynamoDBPersistenceStore}), shaped for
 * Purser's write model: reads JOIN another read (the {@link #key} goes into the decision's
 * BatchGetItem), and the write is a {@link TransactWriteItem} that goes into the SAME transaction
 * as the effect ({@code Commit.idempotency}). So an answer is remembered exactly when its change
 * is durable: a crash after the commit replays the answer, a crash before it leaves nothing.
 *
 * <pre>
 *   item: pk = AGENT#&lt;id&gt;, sk = IDEMPOTENCY#&lt;key&gt;,
 *         fingerprint, status, status_code, response, created_at, ttl
 * </pre>
 */
public record IdempotencyStore(DynamoDbClient dynamo, String table) {
    /** The record's item key, to add to a BatchGetItem. */
    public static Map<String, AttributeValue> key(IdempotencyKey k) {
        return Attr.key(k.partition(), k.sortKey());
    }

    /** A consistent read of one record (when no batch is going anyway). */
    public Optional<IdempotencyRecord> find(IdempotencyKey k) {
        if (k == null) return Optional.empty();
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(k))).item();
        return fromItem(k, item);
    }

    /** The record in an item a batch returned; empty when the item is absent. */
    public static Optional<IdempotencyRecord> fromItem(IdempotencyKey k, Map<String, AttributeValue> item) {
        if (k == null || item == null || item.isEmpty()) return Optional.empty();
        long code = num(item, "status_code");
        String status = str(item, "status");
        long ttl = num(item, TableDefinition.TTL);
        String created = str(item, "created_at");
        return Optional.of(new IdempotencyRecord(k, str(item, "fingerprint"),
                status == null ? IdempotencyRecord.Status.COMPLETED : IdempotencyRecord.Status.valueOf(status),
                new StoredResponse(code == 0 ? 201 : (int) code, str(item, "response")),
                created == null ? Instant.ofEpochSecond(ttl).minus(IdempotencyRecord.TTL) : Instant.parse(created),
                Instant.ofEpochSecond(ttl)));
    }

    /** What a call does given its stored record (or none). */
    public static IdempotencyCheck check(Optional<IdempotencyRecord> record, Fingerprint fingerprint, Instant now) {
        if (record.isEmpty() || record.get().statusAt(now) == IdempotencyRecord.Status.EXPIRED) {
            return new IdempotencyCheck.Proceed();
        }
        if (!fingerprint.matches(record.get().fingerprint())) return new IdempotencyCheck.KeyReused();
        return new IdempotencyCheck.Replay(record.get().response());
    }

    /**
     * The record's write, for the transaction of the effect it answers for. Conditional on no live
     * record: two concurrent first calls with one key cannot both commit (the loser's whole
     * transaction is cancelled, it re-reads and replays the winner's answer).
     */
    public static TransactWriteItem write(String table, IdempotencyRecord r) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(r.key().partition()));
        item.put(TableDefinition.SK, s(r.key().sortKey()));
        item.put("fingerprint", s(r.fingerprint()));
        item.put("status", s(r.status().name()));
        item.put("status_code", n(r.response().statusCode()));
        item.put("response", s(r.response().body()));
        item.put("created_at", s(r.createdAt().toString()));
        item.put(TableDefinition.TTL, n(r.expiresAt().getEpochSecond()));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                // DynamoDB deletes expired items lazily: an expired record counts as absent.
                .conditionExpression("attribute_not_exists(" + TableDefinition.PK + ") OR #ttl < :now")
                .expressionAttributeNames(Map.of("#ttl", TableDefinition.TTL))
                .expressionAttributeValues(Map.of(":now", n(r.createdAt().getEpochSecond())))
                .build()).build();
    }
}
