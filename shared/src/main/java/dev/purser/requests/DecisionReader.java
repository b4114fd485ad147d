package dev.purser.requests;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.str;

import dev.purser.accounts.Account;
import dev.purser.accounts.Agent;
import dev.purser.auth.AuthHint;
import dev.purser.idempotency.IdempotencyKey;
import dev.purser.idempotency.IdempotencyRecord;
import dev.purser.idempotency.IdempotencyStore;
import dev.purser.leases.BudgetLease;
import dev.purser.observe.Observation;
import dev.purser.policy.Policy;
import dev.purser.policy.Snapshot;
import dev.purser.retry.Contended;
import dev.purser.retry.Retry;
import dev.purser.store.BatchGet;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Windows;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads an agent call's context. Warm path: ONE strongly consistent BatchGetItem for the token,
 * agent, account and every counter a decision may consult. Cold path (first call of a token in
 * this container): one GetItem on the token to learn its agent and account, then the batch.
 * Hints live in a bounded per-container map and are verified against what the batch returns.
 * A decision's batch also reads the agent's {@code LEASE#ACTIVE} pointer and, when the hint names
 * a lease, that lease: a leased child costs one more batch only when its hint is cold or stale
 * (the pointer named another lease or none), an agent without a lease none at all.
 */
public final class DecisionReader {
    private static final int MAX_HINTS = 10_000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Map<String, AuthHint> hints = new ConcurrentHashMap<>();

    public DecisionReader(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * @param forDecision also read the counters a policy decision consults
     * @param idempotencyKey the caller's Idempotency-Key, or null
     */
    public AgentContext read(String tokenHash, Instant now, boolean forDecision, String idempotencyKey) {
        AuthHint hint = hints.get(tokenHash);
        if (hint == null) {
            Map<String, AttributeValue> token = dynamo.getItem(b -> b.tableName(table)
                    .key(key(Keys.token(tokenHash), Keys.TOKEN_SK)).consistentRead(true)).item();
            if (token == null || token.isEmpty()) return unknownToken();
            hint = new AuthHint(str(token, "agent_id"), str(token, "account_id"),
                    Account.DEFAULT_TIMEZONE, Account.DEFAULT_CURRENCY, List.of());
        }
        for (int attempt : Retry.attempts(3)) {
            Batch batch = readBatch(tokenHash, hint, now, forDecision, idempotencyKey);
            if (batch.token == null) {
                hints.remove(tokenHash);
                return unknownToken();
            }
            if (batch.agent == null || batch.account == null) return new AgentContext(batch.token, null, null, null, 0, Optional.empty());
            Account account = Account.fromItem(batch.account);
            String leaseId = forDecision ? batch.pointerLeaseId() : hint.leaseId();
            AuthHint actual = new AuthHint(hint.agentId(), hint.accountId(), account.timezone(), account.currency(),
                    account.temporalRuleIds(), readsRolling(str(batch.agent, "policy"), leaseId), leaseId);
            remember(tokenHash, actual);
            if (forDecision && !actual.equals(hint)) {
                // The counters read were keyed for stale settings: read again with the real ones.
                hint = actual;
                continue;
            }
            Agent agent = Agent.fromItem(batch.agent);
            Observation.current().identify(hint.accountId(), hint.agentId());
            Snapshot snapshot = forDecision ? batch.snapshot(agent, account, now) : null;
            return new AgentContext(batch.token, agent, account, snapshot, batch.count(rateKey(hint, now)), batch.idempotency,
                    forDecision ? batch.lease() : null);
        }
        throw new Contended("Account settings kept changing; retry shortly");
    }

    /**
     * Whether a decision needs the agent's rolling 24-hour buckets: its own policy sets the limit,
     * or it spends under a lease, whose ceiling may carry the parent's limit (the leased policy is
     * the child's ∩ the ceiling; without the buckets that check fails closed on every request).
     */
    private static boolean readsRolling(String policyJson, String leaseId) {
        return Policy.setsRollingLimit(policyJson) || leaseId != null;
    }

    /** How many tokens this container remembers (SnapStart priming must leave it at zero). */
    public int rememberedTokens() {
        return hints.size();
    }

    /**
     * The same decision context for an agent named by its owner (no token): one batch of the agent,
     * its account and every counter a decision consults. Empty when the agent is not the account's.
     * Used by callers authenticated by an owner key (SpendGuard's management routes).
     */
    public Optional<AgentContext> readForAgent(String agentId, String accountId, Instant now) {
        String hintKey = "agent:" + agentId;
        AuthHint hint = hints.getOrDefault(hintKey, new AuthHint(agentId, accountId,
                Account.DEFAULT_TIMEZONE, Account.DEFAULT_CURRENCY, List.of()));
        if (!hint.accountId().equals(accountId)) {
            hint = new AuthHint(agentId, accountId, Account.DEFAULT_TIMEZONE, Account.DEFAULT_CURRENCY, List.of());
        }
        for (int attempt : Retry.attempts(3)) {
            Batch batch = readBatch(null, hint, now, true, null);
            if (batch.agent == null || batch.account == null) return Optional.empty();
            Account account = Account.fromItem(batch.account);
            Agent agent = Agent.fromItem(batch.agent);
            if (!accountId.equals(agent.accountId())) return Optional.empty();
            AuthHint actual = new AuthHint(agentId, accountId, account.timezone(), account.currency(), account.temporalRuleIds(),
                    readsRolling(agent.policyJson(), batch.pointerLeaseId()), batch.pointerLeaseId());
            remember(hintKey, actual);
            if (!actual.equals(hint)) {
                hint = actual;
                continue;
            }
            return Optional.of(new AgentContext(null, agent, account, batch.snapshot(agent, account, now),
                    batch.count(rateKey(hint, now)), Optional.empty(), batch.lease()));
        }
        throw new IllegalStateException("account settings kept changing while reading a decision context");
    }

    /** Forgets a token's hint (after its revocation, for tidiness; correctness never needs this). */
    public void forget(String tokenHash) {
        hints.remove(tokenHash);
    }

    private void remember(String tokenHash, AuthHint hint) {
        if (hints.size() >= MAX_HINTS) hints.clear();
        hints.put(tokenHash, hint);
    }

    private static AgentContext unknownToken() {
        return new AgentContext(null, null, null, null, 0, Optional.empty());
    }

    private static Map<String, AttributeValue> rateKey(AuthHint hint, Instant now) {
        return key(Keys.agent(hint.agentId()), Keys.rateSk(Windows.minuteBucket(now)));
    }

    private Batch readBatch(String tokenHash, AuthHint hint, Instant now, boolean forDecision, String idempotencyKey) {
        String agentPk = Keys.agent(hint.agentId());
        String accountPk = Keys.account(hint.accountId());
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        if (tokenHash != null) keys.add(key(Keys.token(tokenHash), Keys.TOKEN_SK));
        keys.add(key(agentPk, Keys.AGENT_SK));
        keys.add(key(accountPk, Keys.ACCOUNT_SK));
        keys.add(rateKey(hint, now));
        IdempotencyKey idem = IdempotencyKey.forAgent(hint.agentId(), idempotencyKey);
        if (idem != null) keys.add(IdempotencyStore.key(idem));
        if (forDecision) {
            String cur = hint.currency();
            Windows w = Windows.of(now, zone(hint));
            for (char kind : new char[] {Windows.DAY, Windows.WEEK, Windows.MONTH}) {
                keys.add(key(agentPk, Keys.windowSk(cur, kind, w.period(kind))));
                keys.add(key(accountPk, Keys.windowSk(cur, kind, w.period(kind))));
            }
            keys.add(key(accountPk, Keys.accountTotalsSk(cur)));
            for (String ruleId : hint.temporalRuleIds()) keys.add(key(accountPk, Keys.ruleCounterSk(ruleId, cur)));
            keys.add(key(agentPk, Keys.velocitySk('M', Windows.minuteBucket(now))));
            keys.add(key(agentPk, Keys.velocitySk('H', Windows.hourBucket(now))));
            keys.add(key(agentPk, Keys.windowSk(cur, Windows.YEAR, w.year())));
            if (hint.rolling()) {
                for (String bucket : Windows.rollingBuckets(now)) keys.add(key(agentPk, Keys.windowSk(cur, Windows.HOUR, bucket)));
            }
            // A leased child decides on its lease (docs/spend-guard.md, "Budget leases").
            keys.add(key(agentPk, BudgetLease.ACTIVE_SK));
            if (hint.leaseId() != null) keys.add(key(BudgetLease.pk(hint.leaseId()), BudgetLease.SK));
        }
        Map<String, Map<String, AttributeValue>> found = batchGet(keys);
        return new Batch(found, tokenHash, hint, now, idempotencyKey);
    }

    private Map<String, Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        for (Map<String, AttributeValue> item : BatchGet.items(dynamo, table, keys, true)) found.put(id(item), item);
        return found;
    }

    private static String id(Map<String, AttributeValue> item) {
        return str(item, TableDefinition.PK) + "|" + str(item, TableDefinition.SK);
    }

    private static String id(Map<String, AttributeValue> key, boolean unused) {
        return key.get(TableDefinition.PK).s() + "|" + key.get(TableDefinition.SK).s();
    }

    private static ZoneId zone(AuthHint hint) {
        return Windows.zoneOr(hint.timezone(), ZoneId.of(Account.DEFAULT_TIMEZONE));
    }

    /** The items one batch returned, looked up by key. */
    private static final class Batch {
        final Map<String, Map<String, AttributeValue>> items;
        final Map<String, AttributeValue> token;
        final Map<String, AttributeValue> agent;
        final Map<String, AttributeValue> account;
        final Optional<IdempotencyRecord> idempotency;
        final AuthHint hint;
        final Instant now;

        Batch(Map<String, Map<String, AttributeValue>> items, String tokenHash, AuthHint hint, Instant now, String idemKey) {
            this.items = items;
            this.hint = hint;
            this.now = now;
            this.token = tokenHash == null ? null : items.get(id(key(Keys.token(tokenHash), Keys.TOKEN_SK), true));
            this.agent = items.get(id(key(Keys.agent(hint.agentId()), Keys.AGENT_SK), true));
            this.account = items.get(id(key(Keys.account(hint.accountId()), Keys.ACCOUNT_SK), true));
            IdempotencyKey idem = IdempotencyKey.forAgent(hint.agentId(), idemKey);
            this.idempotency = idem == null ? Optional.empty()
                    : IdempotencyStore.fromItem(idem, items.get(id(IdempotencyStore.key(idem), true)));
        }

        /** The lease id the agent's active-lease pointer names, or null (none, or not read). */
        String pointerLeaseId() {
            var pointer = items.get(Keys.agent(hint.agentId()) + "|" + BudgetLease.ACTIVE_SK);
            return pointer == null ? null : str(pointer, "lease_id");
        }

        /** The pointer's lease when it was read in this batch (the hint named it), else null. */
        BudgetLease lease() {
            String id = pointerLeaseId();
            if (id == null || !id.equals(hint.leaseId())) return null;
            var item = items.get(BudgetLease.pk(id) + "|" + BudgetLease.SK);
            if (item == null) throw new IllegalStateException("lease pointer names a missing lease " + id);
            return BudgetLease.fromItem(item);
        }

        long count(Map<String, AttributeValue> key) {
            var item = items.get(id(key, true));
            return item == null ? 0 : num(item, "n");
        }

        long used(String pk, String sk) {
            var item = items.get(pk + "|" + sk);
            return item == null ? 0 : num(item, "used");
        }

        Snapshot snapshot(Agent agent, Account account, Instant now) {
            String agentPk = Keys.agent(agent.id());
            String accountPk = Keys.account(account.id());
            String cur = account.currency();
            Windows w = Windows.of(now, account.zone());
            Map<String, Long> rules = new HashMap<>();
            for (String ruleId : account.temporalRuleIds()) rules.put(ruleId, used(accountPk, Keys.ruleCounterSk(ruleId, cur)));
            return new Snapshot(
                    agent.budget(), agent.spent(), agent.held(),
                    used(agentPk, Keys.windowSk(cur, Windows.DAY, w.day())),
                    used(agentPk, Keys.windowSk(cur, Windows.WEEK, w.week())),
                    used(agentPk, Keys.windowSk(cur, Windows.MONTH, w.month())),
                    used(accountPk, Keys.windowSk(cur, Windows.DAY, w.day())),
                    used(accountPk, Keys.windowSk(cur, Windows.WEEK, w.week())),
                    used(accountPk, Keys.windowSk(cur, Windows.MONTH, w.month())),
                    used(accountPk, Keys.accountTotalsSk(cur)),
                    rules,
                    count(key(agentPk, Keys.velocitySk('M', Windows.minuteBucket(now)))),
                    count(key(agentPk, Keys.velocitySk('H', Windows.hourBucket(now)))),
                    used(agentPk, Keys.windowSk(cur, Windows.YEAR, w.year())),
                    rolling(agentPk, cur, now));
        }

        /** The rolling window's buckets as read (current hour first), or null when they were not read. */
        java.util.LinkedHashMap<String, Long> rolling(String agentPk, String cur, Instant now) {
            if (!hint.rolling()) return null;
            java.util.LinkedHashMap<String, Long> out = new java.util.LinkedHashMap<>();
            for (String bucket : Windows.rollingBuckets(now)) out.put(bucket, used(agentPk, Keys.windowSk(cur, Windows.HOUR, bucket)));
            return out;
        }
    }
}
