package dev.purser.payments;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.str;

import dev.purser.accounts.Account;
import dev.purser.accounts.Agent;
import dev.purser.idempotency.IdempotencyKey;
import dev.purser.idempotency.IdempotencyRecord;
import dev.purser.idempotency.IdempotencyStore;
import dev.purser.ledger.store.LedgerIdempotency;
import dev.purser.policy.Policy;
import dev.purser.requests.AgentContext;
import dev.purser.retry.Retry;
import dev.purser.store.Attr;
import dev.purser.store.BatchGet;
import java.util.Optional;
import dev.purser.ledger.store.LedgerKeys;
import dev.purser.policy.Snapshot;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Windows;
import dev.purser.wallets.Wallet;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads everything a payment decision needs in ONE strongly consistent BatchGetItem: the agent
 * token (agent callers), agent, account, rate counter, idempotency record, every budget counter the
 * policy consults (the same keys as a purchase request's decision) and both wallets. With the
 * transaction that is the payment's 2 round trips. A token's agent/account/settings are remembered
 * per container (verified against the batch; a stale guess costs one more batch).
 */
public final class PaymentReader {
    private static final int MAX_HINTS = 10_000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Map<String, Hint> hints = new ConcurrentHashMap<>();

    public PaymentReader(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    private record Hint(String agentId, String accountId, String timezone, String currency, List<String> ruleIds, boolean rolling) {
        Hint(String agentId, String accountId, String timezone, String currency, List<String> ruleIds) {
            this(agentId, accountId, timezone, currency, ruleIds, false);
        }
    }

    /** What one read found: the agent's budget context and the payment's wallets; any part may be null when absent. */
    public record Context(AgentContext budget, Wallet from, Wallet to) {
        Context(Map<String, AttributeValue> token, Agent agent, Account account, Snapshot snapshot, long rateCount,
                Optional<IdempotencyRecord> idempotency, Wallet from, Wallet to) {
            this(new AgentContext(token, agent, account, snapshot, rateCount, idempotency), from, to);
        }

        public boolean tokenActive() {
            return budget.token() != null && Attr.flag(budget.token(), "active");
        }

        public Agent agent() { return budget.agent(); }

        public Account account() { return budget.account(); }

        public Snapshot snapshot() { return budget.snapshot(); }

        public long rateCount() { return budget.rateCount(); }

        public Optional<IdempotencyRecord> idempotency() { return budget.idempotency(); }
    }

    /**
     * @param tokenHash the agent token's digest, or null for an owner (then {@code agentId} and
     *                  {@code accountId} are given)
     */
    public Context read(String tokenHash, String agentId, String accountId, String fromWallet, String toWallet,
                        String idemOwnerPk, String idemKey, Instant now) {
        Hint hint;
        if (tokenHash != null) {
            hint = hints.get(tokenHash);
            if (hint == null) {
                var token = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                        .key(key(Keys.token(tokenHash), Keys.TOKEN_SK))).item();
                if (token == null || token.isEmpty()) return new Context(null, null, null, null, 0, Optional.empty(), null, null);
                hint = new Hint(str(token, "agent_id"), str(token, "account_id"), Account.DEFAULT_TIMEZONE,
                        Account.DEFAULT_CURRENCY, List.of());
            }
        } else {
            hint = hints.getOrDefault("owner:" + accountId, new Hint(null, accountId, Account.DEFAULT_TIMEZONE,
                    Account.DEFAULT_CURRENCY, List.of()));
            hint = new Hint(agentId, accountId, hint.timezone, hint.currency, hint.ruleIds, hint.rolling);
        }
        for (int attempt : Retry.attempts(3)) {
            Map<String, Map<String, AttributeValue>> found = batch(tokenHash, hint, fromWallet, toWallet, idemOwnerPk, idemKey, now);
            Map<String, AttributeValue> token = tokenHash == null ? null : found.get(id(key(Keys.token(tokenHash), Keys.TOKEN_SK)));
            if (tokenHash != null && token == null) {
                hints.remove(tokenHash);
                return new Context(null, null, null, null, 0, Optional.empty(), null, null);
            }
            var agentItem = found.get(id(key(Keys.agent(hint.agentId), Keys.AGENT_SK)));
            var accountItem = found.get(id(key(Keys.account(hint.accountId), Keys.ACCOUNT_SK)));
            if (agentItem == null || accountItem == null) return new Context(token, null, null, null, 0, Optional.empty(), null, null);
            Account account = Account.fromItem(accountItem);
            Hint actual = new Hint(hint.agentId, hint.accountId, account.timezone(), account.currency(), account.temporalRuleIds(),
                    Policy.setsRollingLimit(str(agentItem, "policy")));
            remember(tokenHash != null ? tokenHash : "owner:" + accountId, actual);
            if (!actual.equals(hint)) {
                hint = actual; // counters were keyed for stale settings: read again with the real ones
                continue;
            }
            Agent agent = Agent.fromItem(agentItem);
            var fromItem = fromWallet == null ? null : found.get(id(key(LedgerKeys.wallet(fromWallet), LedgerKeys.WALLET_SK)));
            var toItem = toWallet == null ? null : found.get(id(key(LedgerKeys.wallet(toWallet), LedgerKeys.WALLET_SK)));
            IdempotencyKey ik = LedgerIdempotency.key(idemOwnerPk != null ? idemOwnerPk : Keys.agent(hint.agentId), "payment", idemKey);
            var idem = ik == null ? null : found.get(id(IdempotencyStore.key(ik)));
            var rate = found.get(id(rateKey(hint, now)));
            return new Context(token, agent, account, snapshot(found, agent, account, now, hint.rolling), rate == null ? 0 : num(rate, "n"),
                    IdempotencyStore.fromItem(ik, idem),
                    fromItem == null ? null : Wallet.fromItem(fromItem), toItem == null ? null : Wallet.fromItem(toItem));
        }
        throw new IllegalStateException("account settings kept changing while reading a payment context");
    }

    private void remember(String k, Hint h) {
        if (hints.size() >= MAX_HINTS) hints.clear();
        hints.put(k, h);
    }

    private static Map<String, AttributeValue> rateKey(Hint hint, Instant now) {
        return key(Keys.agent(hint.agentId), Keys.rateSk(Windows.minuteBucket(now)));
    }

    private Map<String, Map<String, AttributeValue>> batch(String tokenHash, Hint hint, String fromWallet, String toWallet,
                                                          String idemOwnerPk, String idemKey, Instant now) {
        String agentPk = Keys.agent(hint.agentId);
        String accountPk = Keys.account(hint.accountId);
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        if (tokenHash != null) keys.add(key(Keys.token(tokenHash), Keys.TOKEN_SK));
        keys.add(key(agentPk, Keys.AGENT_SK));
        keys.add(key(accountPk, Keys.ACCOUNT_SK));
        keys.add(rateKey(hint, now));
        if (idemKey != null) keys.add(IdempotencyStore.key(LedgerIdempotency.key(idemOwnerPk != null ? idemOwnerPk : agentPk, "payment", idemKey)));
        if (fromWallet != null) keys.add(key(LedgerKeys.wallet(fromWallet), LedgerKeys.WALLET_SK));
        if (toWallet != null && !toWallet.equals(fromWallet)) keys.add(key(LedgerKeys.wallet(toWallet), LedgerKeys.WALLET_SK));
        String cur = hint.currency;
        Windows w = Windows.of(now, Windows.zoneOr(hint.timezone, ZoneId.of(Account.DEFAULT_TIMEZONE)));
        for (char kind : new char[] {Windows.DAY, Windows.WEEK, Windows.MONTH}) {
            keys.add(key(agentPk, Keys.windowSk(cur, kind, w.period(kind))));
            keys.add(key(accountPk, Keys.windowSk(cur, kind, w.period(kind))));
        }
        keys.add(key(accountPk, Keys.accountTotalsSk(cur)));
        for (String ruleId : hint.ruleIds) keys.add(key(accountPk, Keys.ruleCounterSk(ruleId, cur)));
        keys.add(key(agentPk, Keys.velocitySk('M', Windows.minuteBucket(now))));
        keys.add(key(agentPk, Keys.velocitySk('H', Windows.hourBucket(now))));
        keys.add(key(agentPk, Keys.windowSk(cur, Windows.YEAR, w.year())));
        if (hint.rolling) {
            for (String bucket : Windows.rollingBuckets(now)) keys.add(key(agentPk, Keys.windowSk(cur, Windows.HOUR, bucket)));
        }
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        for (var item : BatchGet.items(dynamo, table, keys, true)) found.put(id(item), item);
        return found;
    }

    private static String id(Map<String, AttributeValue> item) {
        return item.get(TableDefinition.PK).s() + "|" + item.get(TableDefinition.SK).s();
    }

    private static long used(Map<String, Map<String, AttributeValue>> found, String pk, String sk) {
        var item = found.get(pk + "|" + sk);
        return item == null ? 0 : num(item, "used");
    }

    private static long count(Map<String, Map<String, AttributeValue>> found, String pk, String sk) {
        var item = found.get(pk + "|" + sk);
        return item == null ? 0 : num(item, "n");
    }

    /** The same figures a purchase request's decision is made against (DecisionReader). */
    private static Snapshot snapshot(Map<String, Map<String, AttributeValue>> found, Agent agent, Account account, Instant now,
                                     boolean rolling) {
        String agentPk = Keys.agent(agent.id());
        String accountPk = Keys.account(account.id());
        String cur = account.currency();
        Windows w = Windows.of(now, account.zone());
        Map<String, Long> rules = new HashMap<>();
        for (String ruleId : account.temporalRuleIds()) rules.put(ruleId, used(found, accountPk, Keys.ruleCounterSk(ruleId, cur)));
        return new Snapshot(agent.budget(), agent.spent(), agent.held(),
                used(found, agentPk, Keys.windowSk(cur, Windows.DAY, w.day())),
                used(found, agentPk, Keys.windowSk(cur, Windows.WEEK, w.week())),
                used(found, agentPk, Keys.windowSk(cur, Windows.MONTH, w.month())),
                used(found, accountPk, Keys.windowSk(cur, Windows.DAY, w.day())),
                used(found, accountPk, Keys.windowSk(cur, Windows.WEEK, w.week())),
                used(found, accountPk, Keys.windowSk(cur, Windows.MONTH, w.month())),
                used(found, accountPk, Keys.accountTotalsSk(cur)),
                rules,
                count(found, agentPk, Keys.velocitySk('M', Windows.minuteBucket(now))),
                count(found, agentPk, Keys.velocitySk('H', Windows.hourBucket(now))),
                used(found, agentPk, Keys.windowSk(cur, Windows.YEAR, w.year())),
                rolling ? rolling(found, agentPk, cur, now) : null);
    }

    private static java.util.LinkedHashMap<String, Long> rolling(Map<String, Map<String, AttributeValue>> found, String agentPk,
                                                               String cur, Instant now) {
        java.util.LinkedHashMap<String, Long> out = new java.util.LinkedHashMap<>();
        for (String bucket : Windows.rollingBuckets(now)) out.put(bucket, used(found, agentPk, Keys.windowSk(cur, Windows.HOUR, bucket)));
        return out;
    }
}
