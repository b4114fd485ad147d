package dev.purser.services;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.numOrNull;
import static dev.purser.store.Attr.s;

import dev.purser.store.BatchGet;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * A service's call counters and its debounced trust score.
 *
 * <p>Counters live on their own item ({@code SERVICE#<id>} / {@code STATS}): {@code settled_calls}
 * and {@code breached_calls} (ADDed by the x402 settlement and refund transactions),
 * {@code disputed_calls} (a dispute opened) and {@code refunded_disputes} (a dispute resolved with a
 * refund). Each is an {@code ADD} inside the transaction of its event, so no call ever writes the
 * service item.
 *
 * <p>The score is kept on the service item ({@code trust_score}, {@code trust_basis},
 * {@code trust_at}) and recomputed by the catalogue's reads, at most once per {@link #DEBOUNCE} per
 * service and only when the counters moved ({@link TrustScore.Stats#basis()} differs): the update is
 * conditional on {@code trust_at} being that old, so however many containers read at once, one
 * writes. Readers see the stored score (at most {@link #DEBOUNCE} plus the list cache behind).
 */
public final class ServiceStats {
    public static final String SK = "STATS";
    public static final Duration DEBOUNCE = Duration.ofSeconds(60);
    public static final String SETTLED = "settled_calls";
    public static final String BREACHED = "breached_calls";
    public static final String DISPUTED = "disputed_calls";
    public static final String REFUNDED_DISPUTES = "refunded_disputes";

    private final DynamoDbClient dynamo;
    private final String table;

    public ServiceStats(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** {@code ADD counter 1} on the service's STATS item, for a caller's transaction (label e.g. {@code service-stats}). */
    public static TransactWriteItem increment(String table, String serviceId, String counter) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(ServiceStore.pk(serviceId), SK))
                .updateExpression("ADD #c :one")
                .expressionAttributeNames(Map.of("#c", counter))
                .expressionAttributeValues(Map.of(":one", n(1)))
                .build()).build();
    }

    public static TrustScore.Stats fromItem(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) return TrustScore.Stats.NONE;
        return new TrustScore.Stats(num(item, SETTLED), num(item, BREACHED), num(item, DISPUTED), num(item, REFUNDED_DISPUTES));
    }

    /** The STATS items of these services (one BatchGetItem per 100), by service id; absent = no calls yet. */
    public Map<String, TrustScore.Stats> read(List<String> serviceIds) {
        Map<String, TrustScore.Stats> out = new HashMap<>();
        for (int from = 0; from < serviceIds.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String id : serviceIds.subList(from, Math.min(serviceIds.size(), from + 100))) keys.add(key(ServiceStore.pk(id), SK));
            for (var item : BatchGet.items(dynamo, table, keys, false)) {
                out.put(item.get(TableDefinition.PK).s().substring("SERVICE#".length()), fromItem(item));
            }
        }
        return out;
    }

    /**
     * The service with its score brought up to date if it is due: counters moved since the stored
     * score and the stored score is at least {@link #DEBOUNCE} old (or was never computed). Writes
     * at most one conditional update; a lost race keeps the other writer's score.
     */
    public Service refresh(Service sv, TrustScore.Stats stats, Instant now) {
        if (stats.basis() == sv.trustBasis()) return sv;
        if (sv.trustAt() != null && now.isBefore(sv.trustAt().plus(DEBOUNCE))) return sv;
        int score = TrustScore.of(stats);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":score", n(score));
        values.put(":basis", n(stats.basis()));
        values.put(":now", s(Times.stored(now)));
        values.put(":cutoff", s(Times.stored(now.minus(DEBOUNCE))));
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(ServiceStore.pk(sv.id()), "SERVICE"))
                    .updateExpression("SET trust_score = :score, trust_basis = :basis, trust_at = :now")
                    .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(trust_at) OR trust_at <= :cutoff)")
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            return sv; // another reader recomputed it first (or it is gone)
        }
        return sv.withTrust(score, stats.basis(), now);
    }

    static Long basisOf(Map<String, AttributeValue> serviceItem) {
        return numOrNull(serviceItem, "trust_basis");
    }
}
