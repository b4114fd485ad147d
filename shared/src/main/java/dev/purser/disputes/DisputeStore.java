package dev.purser.disputes;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import dev.purser.ledger.store.LedgerKeys;
import dev.purser.payments.Payment;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Disputes, their evidence and the per-payment open-dispute lock.
 *
 * <table>
 *   <tr><td>dispute</td><td>{@code DISPUTE#<id>} / {@code DISPUTE}</td><td>gsi1 = payer account's
 *   disputes, gsi2 = payee account's (when another account), due = {@code DISPUTES#<status>} (the
 *   operator's queue per status)</td></tr>
 *   <tr><td>evidence</td><td>{@code DISPUTE#<id>} / {@code EVIDENCE#<seq>}</td><td>immutable</td></tr>
 *   <tr><td>lock</td><td>{@code DISPUTELOCK#<payment id>} / {@code LOCK}</td><td>{@code open} true
 *   while a dispute of the payment is open or under review: a second open is a failed condition</td></tr>
 * </table>
 * The lock is released by setting {@code open = false} (no delete), so the functions need no
 * DeleteItem.
 */
public final class DisputeStore {
    static final String SK = "DISPUTE";
    static final String LOCK_SK = "LOCK";
    private static final Pattern CURSOR = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z#disp_[0-9a-f]{1,40}");

    private final DynamoDbClient dynamo;
    private final String table;

    public DisputeStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public String table() { return table; }

    static String pk(String id) { return "DISPUTE#" + id; }

    static String accountPartition(String accountId) { return "DISPUTES#" + accountId; }

    static String statusPartition(DisputeStatus s) { return "DISPUTES#" + s.wire(); }

    static Map<String, AttributeValue> lockKey(String paymentId) { return key("DISPUTELOCK#" + paymentId, LOCK_SK); }

    /** The payment as stored, with the marketplace service it paid for ({@code service_id}, set by x402 settlement) if any. */
    public record DisputedPayment(Payment payment, String serviceId) {}

    public DisputedPayment payment(String paymentId) {
        if (paymentId == null || paymentId.length() > 100) return null;
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(LedgerKeys.payment(paymentId), LedgerKeys.PAYMENT_SK))).item();
        if (item == null || item.isEmpty()) return null;
        return new DisputedPayment(Payment.fromItem(item), str(item, "service_id"));
    }

    // --- writes (items of one Commit) ---

    public Put put(Dispute d) {
        Map<String, AttributeValue> item = new HashMap<>();
        String order = Times.stored(d.createdAt()) + "#" + d.id();
        item.put(TableDefinition.PK, s(pk(d.id())));
        item.put(TableDefinition.SK, s(SK));
        item.put(TableDefinition.GSI1_PK, s(accountPartition(d.payer().accountId())));
        item.put(TableDefinition.GSI1_SK, s(order));
        if (d.payee() != null && !d.payee().accountId().equals(d.payer().accountId())) {
            item.put(TableDefinition.GSI2_PK, s(accountPartition(d.payee().accountId())));
            item.put(TableDefinition.GSI2_SK, s(order));
        }
        item.put(TableDefinition.DUE_PK, s(statusPartition(d.status())));
        item.put(TableDefinition.DUE_AT, s(order));
        item.put("dispute_id", s(d.id()));
        item.put("payment_id", s(d.paymentId()));
        item.put("status", s(d.status().wire()));
        item.put("reason", s(d.reason()));
        if (d.description() != null) item.put("description", s(d.description()));
        putParty(item, "payer", d.payer());
        if (d.payee() != null) putParty(item, "payee", d.payee());
        if (d.payeeWalletId() != null) item.put("payee_wallet_id", s(d.payeeWalletId()));
        putParty(item, "opener", d.openedBy());
        item.put("opener_side", s(d.openerSide()));
        if (d.serviceId() != null) item.put("service_id", s(d.serviceId()));
        item.put("amount", n(d.amount()));
        item.put("fee", n(d.fee()));
        item.put("currency", s(d.currency()));
        item.put("evidence_count", n(0));
        item.put("created_at", s(Times.stored(d.createdAt())));
        item.put("updated_at", s(Times.stored(d.updatedAt())));
        return Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(pk)").build();
    }

    private static void putParty(Map<String, AttributeValue> item, String prefix, Party p) {
        item.put(prefix + "_account_id", s(p.accountId()));
        if (p.agentId() != null) item.put(prefix + "_agent_id", s(p.agentId()));
    }

    private static Party party(Map<String, AttributeValue> item, String prefix) {
        String account = str(item, prefix + "_account_id");
        return account == null ? null : new Party(account, str(item, prefix + "_agent_id"));
    }

    /** Takes the payment's open-dispute lock: fails (returning the holder) while another dispute holds it. */
    public Put lock(String paymentId, String disputeId, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(lockKey(paymentId));
        item.put("dispute_id", s(disputeId));
        item.put("open", AttributeValue.fromBool(true));
        item.put("updated_at", s(Times.stored(now)));
        return Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk) OR #open = :false")
                .expressionAttributeNames(Map.of("#open", "open"))
                .expressionAttributeValues(Map.of(":false", AttributeValue.fromBool(false)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    /** Releases the lock this dispute holds. */
    public Update unlock(String paymentId, String disputeId, Instant now) {
        return Update.builder().tableName(table).key(lockKey(paymentId))
                .updateExpression("SET #open = :false, updated_at = :now")
                .conditionExpression("dispute_id = :id AND #open = :true")
                .expressionAttributeNames(Map.of("#open", "open"))
                .expressionAttributeValues(Map.of(":false", AttributeValue.fromBool(false), ":true", AttributeValue.fromBool(true),
                        ":id", s(disputeId), ":now", s(Times.stored(now))))
                .build();
    }

    /**
     * Moves the dispute {@code from} → {@code after.status()}, exactly once (conditional on the
     * status it starts from), and moves it to its status's operator queue.
     */
    public Update transition(DisputeStatus from, Dispute after) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":from", s(from.wire()));
        values.put(":to", s(after.status().wire()));
        values.put(":now", s(Times.stored(after.updatedAt())));
        values.put(":queue", s(statusPartition(after.status())));
        StringBuilder set = new StringBuilder("SET #st = :to, updated_at = :now, due_pk = :queue");
        if (after.status() == DisputeStatus.UNDER_REVIEW) set.append(", reviewed_at = :now");
        if (!after.status().active()) set.append(", closed_at = :now");
        if (after.resolutionNote() != null) {
            set.append(", resolution_note = :note");
            values.put(":note", s(after.resolutionNote()));
        }
        if (after.status() == DisputeStatus.RESOLVED_REFUNDED) {
            set.append(", refund_amount = :ra");
            values.put(":ra", n(after.refundAmount()));
            if (after.refundId() != null) {
                set.append(", refund_id = :rid");
                values.put(":rid", s(after.refundId()));
            }
        }
        return Update.builder().tableName(table).key(key(pk(after.id()), SK))
                .updateExpression(set.toString())
                .conditionExpression("#st = :from")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(values)
                .build();
    }

    /** Adds one evidence item's count: only while open or under review, at most {@code max} in all. */
    public Update countEvidence(String disputeId, int max, Instant now) {
        return Update.builder().tableName(table).key(key(pk(disputeId), SK))
                .updateExpression("SET updated_at = :now ADD evidence_count :one")
                .conditionExpression("(#st = :open OR #st = :review) AND evidence_count < :max")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":now", s(Times.stored(now)), ":one", n(1), ":max", n(max),
                        ":open", s(DisputeStatus.OPEN.wire()), ":review", s(DisputeStatus.UNDER_REVIEW.wire())))
                .build();
    }

    /**
     * The {@code seq}-th evidence item (1-based: the dispute's count before it, plus one). Keyed by
     * sequence, not time, so evidence reads back in the order it was added even within one
     * millisecond; two concurrent adds with the same sequence cannot both commit (the loser reads
     * the new count and tries again).
     */
    public Put putEvidence(String disputeId, int seq, Evidence e) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(pk(disputeId)));
        item.put(TableDefinition.SK, s(String.format("EVIDENCE#%04d", seq)));
        item.put("evidence_id", s(e.id()));
        item.put("type", s(e.type()));
        item.put("content", s(e.content()));
        item.put("side", s(e.side()));
        putParty(item, "submitter", e.submittedBy());
        item.put("created_at", s(Times.stored(e.createdAt())));
        return Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(pk)").build();
    }

    // --- reads ---

    public Dispute get(String id) {
        if (id == null || id.length() > 100) return null;
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(pk(id), SK))).item();
        return item == null || item.isEmpty() ? null : fromItem(item);
    }

    /** The dispute and its evidence, oldest first (one query of its partition). */
    public record WithEvidence(Dispute dispute, List<Evidence> evidence) {}

    public WithEvidence getWithEvidence(String id) {
        if (id == null || id.length() > 100) return null;
        Dispute d = null;
        List<Evidence> evidence = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.query(b -> {
                b.tableName(table).consistentRead(true).keyConditionExpression("pk = :p")
                        .expressionAttributeValues(Map.of(":p", s(pk(id))));
                if (from != null) b.exclusiveStartKey(from);
            });
            for (var item : page.items()) {
                String sk = item.get(TableDefinition.SK).s();
                if (sk.equals(SK)) d = fromItem(item);
                else if (sk.startsWith("EVIDENCE#")) evidence.add(evidenceFromItem(item));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return d == null ? null : new WithEvidence(d, evidence);
    }

    static Dispute fromItem(Map<String, AttributeValue> item) {
        return new Dispute(str(item, "dispute_id"), str(item, "payment_id"), DisputeStatus.fromWire(str(item, "status")),
                str(item, "reason"), str(item, "description"), party(item, "payer"), party(item, "payee"),
                str(item, "payee_wallet_id"), party(item, "opener"), str(item, "opener_side"), str(item, "service_id"),
                num(item, "amount"), num(item, "fee"), str(item, "currency"), (int) num(item, "evidence_count"),
                str(item, "resolution_note"), str(item, "refund_id"), num(item, "refund_amount"),
                Times.parse(str(item, "created_at")), Times.parse(str(item, "updated_at")),
                Times.parse(str(item, "reviewed_at")), Times.parse(str(item, "closed_at")));
    }

    private static Evidence evidenceFromItem(Map<String, AttributeValue> item) {
        return new Evidence(str(item, "evidence_id"), str(item, "type"), str(item, "content"), str(item, "side"),
                party(item, "submitter"), Times.parse(str(item, "created_at")));
    }

    /** A page of disputes, newest first; {@code next} is the cursor of the following page or null. */
    public record Page(List<Dispute> disputes, String next) {}

    /** Not a cursor of a dispute list. */
    public static final class InvalidCursor extends RuntimeException {
        InvalidCursor() {
            super("not a dispute list cursor", null, false, false);
        }
    }

    /** One index partition a list reads. */
    private record Source(String index, String pkAttr, String skAttr, String partition) {}

    /**
     * An account's disputes (as payer: gsi1; as payee: gsi2), newest first; {@code agentId}
     * non-null keeps those where that agent is the payer or the payee agent.
     */
    public Page forAccount(String accountId, String agentId, DisputeStatus status, int limit, String cursor) {
        String p = accountPartition(accountId);
        return merged(List.of(new Source(TableDefinition.GSI1, TableDefinition.GSI1_PK, TableDefinition.GSI1_SK, p),
                new Source(TableDefinition.GSI2, TableDefinition.GSI2_PK, TableDefinition.GSI2_SK, p)), status, agentId, limit, cursor);
    }

    /** Every dispute of the deployment (the operator's queue), newest first; one partition per status. */
    public Page all(DisputeStatus status, int limit, String cursor) {
        List<Source> sources = new ArrayList<>();
        for (DisputeStatus s : status == null ? DisputeStatus.values() : new DisputeStatus[] {status}) {
            sources.add(new Source(TableDefinition.DUE, TableDefinition.DUE_PK, TableDefinition.DUE_AT, statusPartition(s)));
        }
        return merged(sources, null, null, limit, cursor);
    }

    /**
     * Reads up to {@code limit + 1} matching items below the cursor from each source and merges them
     * by their sort key (created_at#id, the same in every source). The cursor is that sort key of the
     * last item returned, so a page never depends on DynamoDB's per-partition position.
     */
    private Page merged(List<Source> sources, DisputeStatus status, String agentId, int limit, String cursor) {
        String below = decode(cursor);
        Map<String, Map.Entry<String, Dispute>> found = new LinkedHashMap<>();
        for (Source src : sources) {
            for (var e : query(src, status, agentId, below, limit + 1)) found.putIfAbsent(e.getValue().id(), e);
        }
        List<Map.Entry<String, Dispute>> all = new ArrayList<>(found.values());
        all.sort(Comparator.comparing((Map.Entry<String, Dispute> e) -> e.getKey()).reversed());
        List<Dispute> page = all.stream().limit(limit).map(Map.Entry::getValue).toList();
        String next = all.size() > limit ? encode(all.get(limit - 1).getKey()) : null;
        return new Page(page, next);
    }

    private List<Map.Entry<String, Dispute>> query(Source src, DisputeStatus status, String agentId, String below, int want) {
        Map<String, String> names = new HashMap<>(Map.of("#p", src.pkAttr()));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", s(src.partition())));
        String keyCondition = "#p = :p";
        if (below != null) {
            keyCondition += " AND #s < :below";
            names.put("#s", src.skAttr());
            values.put(":below", s(below));
        }
        List<String> filters = new ArrayList<>();
        if (status != null) {
            filters.add("#st = :st");
            names.put("#st", "status");
            values.put(":st", s(status.wire()));
        }
        if (agentId != null) {
            filters.add("(payer_agent_id = :agent OR payee_agent_id = :agent)");
            values.put(":agent", s(agentId));
        }
        List<Map.Entry<String, Dispute>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder b = QueryRequest.builder().tableName(table).indexName(src.index())
                    .keyConditionExpression(keyCondition).scanIndexForward(false)
                    .expressionAttributeNames(names).expressionAttributeValues(values).limit(Math.max(want, 25));
            if (!filters.isEmpty()) b.filterExpression(String.join(" AND ", filters));
            if (start != null) b.exclusiveStartKey(start);
            var page = dynamo.query(b.build());
            for (var item : page.items()) {
                if (out.size() < want) out.add(Map.entry(item.get(src.skAttr()).s(), fromItem(item)));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && out.size() < want);
        return out;
    }

    static String encode(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String cursor) {
        if (cursor == null) return null;
        try {
            if (cursor.length() > 200) throw new IllegalArgumentException();
            String sk = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!CURSOR.matcher(sk).matches()) throw new IllegalArgumentException();
            return sk;
        } catch (IllegalArgumentException e) {
            throw new InvalidCursor();
        }
    }
}
