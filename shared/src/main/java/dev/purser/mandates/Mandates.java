package dev.purser.mandates;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.accounts.Agent;
import dev.purser.accounts.AgentStore;
import dev.purser.auth.Secrets;
import dev.purser.commit.Commit;
import dev.purser.commit.CommitOutcome;
import dev.purser.events.EventType;
import dev.purser.json.Json;
import dev.purser.ledger.store.PageCursor;
import dev.purser.money.Money;
import dev.purser.retry.Retry;
import dev.purser.store.BatchGet;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Mandates (an owner grants an agent standing authority; each version is signed over its canonical
 * JSON) and execution tokens (≤ 5 minutes, single use, bound to agent + mandate + action +
 * audience). Every write is one {@link Commit} with its {@code mandate.*} event.
 */
public final class Mandates {
    public static final Duration MAX_TOKEN_TTL = Duration.ofMinutes(5);
    static final int MAX_ATTEMPTS = 8;
    /** The running-total item's sort key, beside the mandate's. */
    static final String TOTAL_SK = "TOTAL";

    private final DynamoDbClient dynamo;
    private final String table;
    private final AgentStore agents;
    private final MandateSigner signer;
    private final Clock clock;

    public Mandates(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.agents = new AgentStore(dynamo, table);
        this.signer = new MandateSigner(dynamo, table);
        this.clock = clock;
    }

    public MandateSigner signer() {
        return signer;
    }

    public MandateResult create(String accountId, MandateTerms terms) {
        Instant now = now();
        if (!agentOf(accountId, terms.agentId())) return new MandateResult.NoSuchAgent();
        String id = Mandate.ID_PREFIX + UUID.randomUUID().toString().replace("-", "");
        Mandate m = signed(new Mandate(id, accountId, 1, MandateStatus.ACTIVE, terms, "", now, now));
        CommitOutcome o = Commit.in(table).putNew("mandate", m.toItem())
                .event(EventType.MANDATE_CREATED, accountId, m.view(), now).run(dynamo);
        return o.committed() ? new MandateResult.Done(m) : new MandateResult.Contended();
    }

    public Optional<Mandate> get(String accountId, String id) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(Mandate.pk(id), Mandate.SK))).item();
        if (item == null || item.isEmpty()) return Optional.empty();
        Mandate m = Mandate.fromItem(item);
        return m.accountId().equals(accountId) ? Optional.of(m) : Optional.empty();
    }

    /**
     * Replaces the terms (and status) as a new signed version. The agent of a mandate never changes
     * (a different agent is a different mandate). Conditional on the version read.
     */
    public MandateResult update(String accountId, String id, MandateTerms terms, MandateStatus status) {
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            Instant now = now();
            Optional<Mandate> current = get(accountId, id);
            if (current.isEmpty()) return new MandateResult.NotFound();
            Mandate c = current.get();
            if (!c.terms().agentId().equals(terms.agentId())) {
                return new MandateResult.Invalid("agent", "cannot change; create a new mandate for another agent");
            }
            if (status != null && !c.status().next().contains(status)) {
                return new MandateResult.Invalid("status", "a " + c.status().wire() + " mandate cannot become " + status.wire());
            }
            Mandate next = signed(new Mandate(id, accountId, c.version() + 1, status == null ? c.status() : status, terms, "",
                    c.createdAt(), now));
            Put put = Put.builder().tableName(table).item(next.toItem())
                    .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(c.version()))).build();
            CommitOutcome o = Commit.in(table).put("mandate", put)
                    .event(EventType.MANDATE_UPDATED, accountId, next.view(), now).run(dynamo);
            if (o.committed()) return new MandateResult.Done(next);
        }
        return new MandateResult.Contended();
    }

    /**
     * Issues an execution token for the mandate's agent. {@code callerAgentId} is null for an owner,
     * else the agent whose token called (it must be the mandate's agent).
     */
    public MandateResult issueToken(String accountId, String callerAgentId, String mandateId, String action,
                                    String audience, Duration ttl) {
        Instant now = now();
        Optional<Mandate> found = get(accountId, mandateId);
        if (found.isEmpty()) return new MandateResult.NotFound();
        Mandate m = found.get();
        if (callerAgentId != null && !callerAgentId.equals(m.terms().agentId())) return new MandateResult.NotFound();
        if (!m.status().usable()) return new MandateResult.NotUsable("Mandate is " + m.status().wire());
        if (!m.terms().validAt(now)) return new MandateResult.NotUsable("Mandate is outside its validity window");
        if (!m.terms().actions().contains(action)) {
            return new MandateResult.Invalid("action", "is not allowed by the mandate (allowed: "
                    + String.join(", ", m.terms().actions()) + ")");
        }
        Duration life = ttl.compareTo(MAX_TOKEN_TTL) > 0 ? MAX_TOKEN_TTL : ttl;
        Instant expires = now.plus(life);
        if (m.terms().validUntil() != null && expires.isAfter(m.terms().validUntil())) expires = m.terms().validUntil();
        String secret = Secrets.generate(ExecutionToken.PREFIX);
        ExecutionToken t = new ExecutionToken(Secrets.sha256Hex(secret), "xtk_" + UUID.randomUUID().toString().replace("-", ""),
                m.id(), m.version(), m.terms().agentId(), accountId, action, audience, expires, false);
        CommitOutcome o = Commit.in(table).putNew("execution-token", t.toItem())
                .event(EventType.MANDATE_EXECUTION_TOKEN_ISSUED, accountId, t.view(), now).run(dynamo);
        return o.committed() ? new MandateResult.Issued(secret, t) : new MandateResult.Contended();
    }

    /** The token a caller presents, by its secret; empty when unknown. */
    public Optional<ExecutionToken> findToken(String secret) {
        return findTokenByHash(Secrets.sha256Hex(secret));
    }

    /** The token by the SHA-256 of its secret (consistent read: a use is seen at once). */
    public Optional<ExecutionToken> findTokenByHash(String tokenHash) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(ExecutionToken.pk(tokenHash), ExecutionToken.SK))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ExecutionToken.fromItem(item));
    }

    /** The mandate and its running total: one consistent Query of the mandate's partition. */
    public Optional<MandateState> state(String accountId, String id) {
        if (id == null || id.length() > 100) return Optional.empty();
        var items = dynamo.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s(Mandate.pk(id))))).items();
        Mandate m = null;
        long used = 0;
        long uses = 0;
        for (var item : items) {
            String sk = item.get("sk").s();
            if (sk.equals(Mandate.SK)) m = Mandate.fromItem(item);
            else if (sk.equals(TOTAL_SK)) {
                used = item.containsKey("used") ? Long.parseLong(item.get("used").n()) : 0;
                uses = item.containsKey("uses") ? Long.parseLong(item.get("uses").n()) : 0;
            }
        }
        if (m == null || !m.accountId().equals(accountId)) return Optional.empty();
        return Optional.of(new MandateState(m, used, uses));
    }

    /** A page of the account's mandates (newest first), optionally one agent's, with their running totals. */
    public record Page(List<MandateState> mandates, String next) {}

    public Page list(String accountId, String agentId, MandateStatus status, int limit, String cursor) {
        Map<String, AttributeValue> start = PageCursor.decode(cursor, TableDefinition.GSI1_PK, Mandate.listPk(accountId));
        Map<String, String> names = new HashMap<>(Map.of("#p", TableDefinition.GSI1_PK));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", s(Mandate.listPk(accountId))));
        List<String> filters = new ArrayList<>();
        if (agentId != null) { filters.add("agent_id = :agent"); values.put(":agent", s(agentId)); }
        if (status != null) { filters.add("#st = :st"); values.put(":st", s(status.wire())); names.put("#st", "status"); }
        var r = dynamo.query(b -> b.tableName(table).indexName(TableDefinition.GSI1)
                .keyConditionExpression("#p = :p")
                .filterExpression(filters.isEmpty() ? null : String.join(" AND ", filters))
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .scanIndexForward(false).limit(limit).exclusiveStartKey(start));
        List<Mandate> page = r.items().stream().map(Mandate::fromItem).toList();
        Map<String, Map<String, AttributeValue>> totals = totals(page);
        List<MandateState> out = new ArrayList<>();
        for (Mandate m : page) {
            var t = totals.get(m.id());
            out.add(new MandateState(m, t == null || !t.containsKey("used") ? 0 : Long.parseLong(t.get("used").n()),
                    t == null || !t.containsKey("uses") ? 0 : Long.parseLong(t.get("uses").n())));
        }
        String next = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? PageCursor.encode(r.lastEvaluatedKey()) : null;
        return new Page(out, next);
    }

    /** The running-total items of a page of mandates (≤ 100 keys): one consistent BatchGetItem, unprocessed keys retried. */
    private Map<String, Map<String, AttributeValue>> totals(List<Mandate> page) {
        Map<String, Map<String, AttributeValue>> out = new HashMap<>();
        if (page.isEmpty()) return out;
        List<Map<String, AttributeValue>> keys = page.stream().map(m -> key(Mandate.pk(m.id()), TOTAL_SK)).toList();
        for (var item : BatchGet.items(dynamo, table, keys, true)) {
            out.put(item.get("pk").s().substring("MANDATE#".length()), item);
        }
        return out;
    }

    /**
     * The use of {@code amount} on the mandate's running total, to add to the transaction of the
     * payment it authorizes. With a total limit it commits only while {@code used + amount <= total}
     * (a condition, never a read), so racing payments can never take the mandate above its cap.
     */
    public Update totalUse(Mandate m, long amount, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":a", n(amount), ":one", n(1), ":now", s(Times.stored(now))));
        Update.Builder u = Update.builder().tableName(table).key(key(Mandate.pk(m.id()), TOTAL_SK))
                .updateExpression("ADD used :a, uses :one SET updated_at = :now");
        Long total = m.terms().totalLimit();
        if (total != null) {
            values.put(":max", n(total - amount));
            u.conditionExpression("attribute_not_exists(used) OR used <= :max");
        }
        return u.expressionAttributeValues(values).build();
    }

    /**
     * Gives a payment's amount back to its mandate's running total when the payment ends without
     * moving money (rejected or expired approval, failed on its rail). Exactly once: it rides in the
     * transaction of that transition, which is conditional on the state it leaves. The use count
     * stays (the token was spent).
     */
    public static Update release(String table, String mandateId, long amount, Instant now) {
        return Update.builder().tableName(table).key(key(Mandate.pk(mandateId), TOTAL_SK))
                .updateExpression("ADD used :minus SET updated_at = :now")
                .expressionAttributeValues(Map.of(":minus", n(-amount), ":now", s(Times.stored(now))))
                .build();
    }

    /**
     * The terms a use was checked against are still the mandate's: same version, still active. A
     * concurrent edit or revocation fails the use's transaction, which is then decided again.
     */
    public ConditionCheck unchanged(Mandate m) {
        return ConditionCheck.builder().tableName(table).key(key(Mandate.pk(m.id()), Mandate.SK))
                .conditionExpression("version = :v AND #st = :active")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":v", n(m.version()), ":active", s(MandateStatus.ACTIVE.wire())))
                .build();
    }

    /** The data of {@code mandate.used}: which version allowed which payment, and what remains. */
    public static ObjectNode usedEvent(MandateState before, ExecutionToken token, String paymentId, long amount,
                                       String currency, String payee) {
        Mandate m = before.mandate();
        ObjectNode o = Json.object();
        o.put("mandate_id", m.id());
        o.put("mandate_version", m.version());
        o.put("agent", m.terms().agentId());
        o.put("action", token.action());
        o.put("token_id", token.tokenId());
        o.put("audience", token.audience());
        o.put("payment_id", paymentId);
        o.put("amount", Money.plain(amount));
        o.put("currency", currency);
        o.put("payee", payee);
        o.put("total_used", Money.plain(before.used() + amount));
        Long total = m.terms().totalLimit();
        o.put("total_remaining", total == null ? null : Money.plain(total - before.used() - amount));
        o.put("signature", m.signature());
        return o;
    }

    /**
     * The consumption of a token, to add to the transaction of the payment it authorizes: it
     * commits only if the token is still unused, unexpired and bound to exactly this agent, mandate,
     * action and audience, so two concurrent payments with one token cannot both commit (the loser's
     * whole transaction is cancelled: a replay is a 401, and nothing is paid twice).
     */
    public Update consumption(ExecutionToken t, String agentId, String action, String audience, Instant now) {
        return Update.builder().tableName(table).key(key(ExecutionToken.pk(t.tokenHash()), ExecutionToken.SK))
                .updateExpression("SET used = :true, used_at = :now")
                .conditionExpression("used = :false AND expires_at > :now AND agent_id = :agent AND #a = :action "
                        + "AND audience = :aud AND mandate_id = :m")
                .expressionAttributeNames(Map.of("#a", "action"))
                .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true),
                        ":false", AttributeValue.fromBool(false),
                        ":now", s(Times.stored(now)), ":agent", s(agentId), ":action", s(action), ":aud", s(audience),
                        ":m", s(t.mandateId())))
                .build();
    }

    private Mandate signed(Mandate m) {
        return new Mandate(m.id(), m.accountId(), m.version(), m.status(), m.terms(), signer.sign(m.canonical()),
                m.createdAt(), m.updatedAt());
    }

    private boolean agentOf(String accountId, String agentId) {
        Agent a;
        try {
            a = agents.get(agentId);
        } catch (RuntimeException e) {
            return false;
        }
        return a != null && accountId.equals(a.accountId());
    }

    private Instant now() {
        return Times.micros(clock.instant());
    }
}
