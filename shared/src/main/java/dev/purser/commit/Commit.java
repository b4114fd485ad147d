package dev.purser.commit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.events.EventType;
import dev.purser.events.Outbox;
import dev.purser.idempotency.IdempotencyRecord;
import dev.purser.idempotency.IdempotencyStore;
import dev.purser.store.TableDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The items of ONE state change, written by ONE {@code TransactWriteItems}: the state items with
 * their conditions, the counters they move, the idempotency record of the call and the outbox
 * event that announces it. Every write path of Purser builds one of these, so "state, record and
 * event commit together, and the answer is sent only after" holds by construction.
 *
 * <p>Each item carries a label ({@code "request"}, {@code "agent"}, {@code "rule:r1"}), so a
 * cancelled transaction says WHICH condition failed ({@link CommitOutcome.ConditionFailed}) instead
 * of an index into a list. DynamoDB's limits (100 items, 4 MB, one action per key) are checked as
 * items are added and again before sending, with an error naming the commit's labels.
 *
 * <pre>
 *   CommitOutcome o = Commit.in(table)
 *       .update("request", requestUpdate)
 *       .item("agent", counters.agentMoney(...))
 *       .idempotency(record)
 *       .event(EventType.REQUEST_COMPLETED, accountId, view, now)
 *       .run(dynamo);
 * </pre>
 */
public final class Commit {
    /** DynamoDB's limit on the actions of one transaction. */
    public static final int MAX_ITEMS = 100;
    /** DynamoDB's limit on the aggregate size of one transaction. */
    public static final long MAX_BYTES = 4L * 1024 * 1024;

    public static final String IDEMPOTENCY = "idempotency";

    private final String table;
    private final List<TransactWriteItem> items = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final Map<String, String> labelByKey = new HashMap<>();
    private long bytes;

    private Commit(String table) {
        this.table = table;
    }

    /** A new, empty commit on the given table. */
    public static Commit in(String table) {
        return new Commit(table);
    }

    public String table() {
        return table;
    }

    /** An unconditional put of a whole item. */
    public Commit put(String label, Map<String, AttributeValue> item) {
        return put(label, Put.builder().tableName(table).item(item).build());
    }

    /** A put that requires the item not to exist yet ({@code attribute_not_exists(pk)}). */
    public Commit putNew(String label, Map<String, AttributeValue> item) {
        return put(label, Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(" + TableDefinition.PK + ")").build());
    }

    public Commit put(String label, Put put) {
        return item(label, TransactWriteItem.builder().put(put).build());
    }

    public Commit update(String label, Update update) {
        return item(label, TransactWriteItem.builder().update(update).build());
    }

    /** A condition on an item the change does not write (e.g. "the account is not blocked"). */
    public Commit conditionCheck(String label, ConditionCheck check) {
        return item(label, TransactWriteItem.builder().conditionCheck(check).build());
    }

    public Commit delete(String label, Delete delete) {
        return item(label, TransactWriteItem.builder().delete(delete).build());
    }

    /** A counter movement built elsewhere (e.g. {@code budget.BudgetWrites}); only the label is new. */
    public Commit counter(String label, TransactWriteItem counter) {
        return item(label, counter);
    }

    /** The call's idempotency record, so a retry replays this change's answer (label {@value #IDEMPOTENCY}). */
    public Commit idempotency(IdempotencyRecord record) {
        return item(IDEMPOTENCY, IdempotencyStore.write(table, record));
    }

    /** An outbox event describing this change (label {@code event:<type>}). */
    public Commit event(EventType type, String accountId, JsonNode data, Instant at) {
        return item("event:" + type.wire(), new Outbox(table).put(type, accountId, data, at));
    }

    /** Any action, as DynamoDB's own type. */
    public Commit item(String label, TransactWriteItem item) {
        if (label == null || label.isBlank()) throw new IllegalArgumentException("every commit item needs a label");
        if (items.size() == MAX_ITEMS) {
            throw new CommitTooLarge("a commit holds at most " + MAX_ITEMS + " items; adding '" + label
                    + "' to " + summary());
        }
        long size = Sizes.of(item);
        if (bytes + size > MAX_BYTES) {
            throw new CommitTooLarge("a commit holds at most " + MAX_BYTES + " bytes; '" + label + "' (" + size
                    + " bytes) would make " + (bytes + size) + " in " + summary());
        }
        String key = Sizes.keyOf(item);
        String previous = key == null ? null : labelByKey.putIfAbsent(key, label);
        if (previous != null) {
            throw new CommitTooLarge("items '" + previous + "' and '" + label + "' act on the same key " + key
                    + "; DynamoDB allows one action per item in a transaction");
        }
        items.add(item);
        labels.add(label);
        bytes += size;
        return this;
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** The estimated request size (DynamoDB's item-size rules: names + values). */
    public long bytes() {
        return bytes;
    }

    public List<String> labels() {
        return Collections.unmodifiableList(labels);
    }

    public List<TransactWriteItem> items() {
        return Collections.unmodifiableList(items);
    }

    /**
     * Runs the transaction. Returns how it ended; never throws for a cancelled transaction (the
     * caller decides whether to re-read and retry). Other SDK errors propagate.
     */
    public CommitOutcome run(DynamoDbClient dynamo) {
        if (items.isEmpty()) return new CommitOutcome.Committed();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
            return new CommitOutcome.Committed();
        } catch (TransactionCanceledException e) {
            return outcome(e.cancellationReasons());
        } catch (TransactionInProgressException e) {
            return new CommitOutcome.LostRace(null);
        } catch (ProvisionedThroughputExceededException | RequestLimitExceededException e) {
            return new CommitOutcome.Throttled(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorCode());
        }
    }

    /** Maps DynamoDB's per-item cancellation reasons (same order as the items) to one outcome. */
    CommitOutcome outcome(List<CancellationReason> reasons) {
        if (reasons == null) return new CommitOutcome.LostRace(null);
        String conflict = null;
        String throttle = null;
        for (int i = 0; i < reasons.size(); i++) {
            CancellationReason r = reasons.get(i);
            String code = r.code();
            String label = i < labels.size() ? labels.get(i) : null;
            if ("ConditionalCheckFailed".equals(code)) {
                return new CommitOutcome.ConditionFailed(label, i, r.hasItem() ? r.item() : Map.of());
            }
            if ("TransactionConflict".equals(code) && conflict == null) conflict = label;
            if (code != null && (code.contains("Throttl") || code.contains("ProvisionedThroughput")
                    || code.contains("RequestLimit")) && throttle == null) {
                throttle = code + (label == null ? "" : " on " + label);
            }
            if ("ValidationError".equals(code) || "ItemCollectionSizeLimitExceeded".equals(code)) {
                throw new IllegalStateException("commit refused by DynamoDB: " + code + " on '" + label + "': " + r.message());
            }
        }
        if (throttle != null) return new CommitOutcome.Throttled(throttle);
        return new CommitOutcome.LostRace(conflict);
    }

    private String summary() {
        return items.size() + " items " + labels;
    }

    /** DynamoDB's size rules, approximated from above: attribute names and values in UTF-8. */
    static final class Sizes {
        private Sizes() {}

        static long of(TransactWriteItem t) {
            if (t.put() != null) return item(t.put().item()) + expr(t.put().conditionExpression(), t.put().expressionAttributeValues());
            if (t.update() != null) {
                Update u = t.update();
                return item(u.key()) + utf8(u.updateExpression()) + expr(u.conditionExpression(), u.expressionAttributeValues());
            }
            if (t.delete() != null) return item(t.delete().key()) + expr(t.delete().conditionExpression(), t.delete().expressionAttributeValues());
            if (t.conditionCheck() != null) {
                return item(t.conditionCheck().key())
                        + expr(t.conditionCheck().conditionExpression(), t.conditionCheck().expressionAttributeValues());
            }
            return 0;
        }

        static String keyOf(TransactWriteItem t) {
            Map<String, AttributeValue> key = null;
            String table = null;
            if (t.put() != null) {
                key = t.put().item();
                table = t.put().tableName();
            } else if (t.update() != null) {
                key = t.update().key();
                table = t.update().tableName();
            } else if (t.delete() != null) {
                key = t.delete().key();
                table = t.delete().tableName();
            } else if (t.conditionCheck() != null) {
                key = t.conditionCheck().key();
                table = t.conditionCheck().tableName();
            }
            if (key == null || !key.containsKey(TableDefinition.PK)) return null;
            AttributeValue sk = key.get(TableDefinition.SK);
            return table + ":" + key.get(TableDefinition.PK).s() + "|" + (sk == null ? "" : sk.s());
        }

        private static long expr(String condition, Map<String, AttributeValue> values) {
            return utf8(condition) + (values == null ? 0 : item(values));
        }

        static long item(Map<String, AttributeValue> item) {
            if (item == null) return 0;
            long n = 0;
            for (var e : item.entrySet()) n += utf8(e.getKey()) + value(e.getValue());
            return n;
        }

        private static long value(AttributeValue v) {
            if (v == null) return 0;
            if (v.s() != null) return utf8(v.s());
            if (v.n() != null) return v.n().length() + 1;
            if (v.b() != null) return bytes(v.b());
            if (v.hasM()) return 3 + item(v.m());
            if (v.hasL()) {
                long n = 3;
                for (AttributeValue x : v.l()) n += 1 + value(x);
                return n;
            }
            if (v.hasSs()) return v.ss().stream().mapToLong(Sizes::utf8).sum();
            if (v.hasNs()) return v.ns().stream().mapToLong(x -> x.length() + 1).sum();
            if (v.hasBs()) return v.bs().stream().mapToLong(Sizes::bytes).sum();
            return 1; // BOOL, NULL
        }

        private static long bytes(SdkBytes b) {
            return b.asByteArrayUnsafe().length;
        }

        private static long utf8(String s) {
            return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
        }
    }
}
