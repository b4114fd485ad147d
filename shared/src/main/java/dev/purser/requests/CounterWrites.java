package dev.purser.requests;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import dev.purser.commit.Commit;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Windows;
import dev.purser.policy.Counter;
import dev.purser.policy.Guard;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Builds the transactional updates of money counters. DynamoDB conditions cannot do arithmetic,
 * so a limit is asserted as {@code used <= limit - increment}, computed here; the agent budget
 * is asserted on the agent item's maintained {@code available} attribute.
 */
public final class CounterWrites {
    private final String table;

    public CounterWrites(String table) {
        this.table = table;
    }

    /**
     * An ADD to a money counter item, optionally guarded.
     *
     * @param maxUsedBefore the largest {@code used} the item may have before this change, or null
     */
    public TransactWriteItem money(String pk, String sk, MoneyDelta delta, Long maxUsedBefore) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":s", n(delta.spent()));
        values.put(":h", n(delta.held()));
        values.put(":u", n(delta.used()));
        Update.Builder u = Update.builder().tableName(table).key(key(pk, sk))
                .updateExpression("ADD spent :s, held :h, used :u");
        if (maxUsedBefore != null) {
            values.put(":max", n(maxUsedBefore));
            u.conditionExpression("attribute_not_exists(used) OR used <= :max");
        }
        return TransactWriteItem.builder().update(u.expressionAttributeValues(values).build()).build();
    }

    /**
     * The agent's yearly window and its rolling 24-hour hour bucket (of the request's creation),
     * both counted for every accepted request so that a limit configured later sees past spend.
     * With a {@link Counter#AGENT_YEARLY} guard the year item is guarded like the other windows;
     * with a {@link Counter#AGENT_ROLLING_24H} guard the current bucket may not pass the limit left
     * for it and every other bucket of the window the decision summed is re-asserted unchanged
     * or lower ({@code used <= read}): DynamoDB cannot sum items in a condition, but no bucket the
     * sum relied on can grow without cancelling this transaction. Skipped for requests stored
     * before these windows existed (their windows carry no year/hour).
     */
    public void agentExtraWindows(BiConsumer<String, TransactWriteItem> add, String agentId, String currency,
                                  Windows w, MoneyDelta delta, List<Guard> guards) {
        if (delta.isZero() && guards.isEmpty()) return;
        String agentPk = Keys.agent(agentId);
        Guard yearly = null, rolling = null;
        for (Guard g : guards) {
            if (g.counter() == Counter.AGENT_YEARLY) yearly = g;
            else if (g.counter() == Counter.AGENT_ROLLING_24H) rolling = g;
        }
        long amount = delta.used();
        if (w.year() != null) {
            add.accept(Counter.AGENT_YEARLY.name(), money(agentPk, Keys.windowSk(currency, Windows.YEAR, w.year()), delta,
                    yearly == null ? null : yearly.limit() - amount));
        }
        if (w.hour() != null) {
            TransactWriteItem bucket = money(agentPk, Keys.windowSk(currency, Windows.HOUR, w.hour()), delta,
                    rolling == null ? null : rolling.limit() - amount);
            // Hour buckets expire two days after their hour: the window only ever reads 25 of them.
            Update u = bucket.update();
            Map<String, AttributeValue> values = new HashMap<>(u.expressionAttributeValues());
            values.put(":ttl", n(Windows.hourBucketTtl(w.hour())));
            add.accept(Counter.AGENT_ROLLING_24H.name(), TransactWriteItem.builder().update(u.toBuilder()
                    .updateExpression(u.updateExpression() + " SET #ttl = :ttl")
                    .expressionAttributeNames(Map.of("#ttl", TableDefinition.TTL))
                    .expressionAttributeValues(values).build()).build());
            if (rolling != null) {
                for (Map.Entry<String, Long> e : rolling.basis().entrySet()) {
                    if (e.getKey().equals(w.hour())) continue;
                    add.accept("rolling:" + e.getKey(), TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                            .tableName(table).key(key(agentPk, Keys.windowSk(currency, Windows.HOUR, e.getKey())))
                            .conditionExpression("attribute_not_exists(used) OR used <= :read")
                            .expressionAttributeValues(Map.of(":read", n(e.getValue()))).build()).build());
                }
            }
        }
    }

    /** A request counter (velocity, rate): {@code n += 1}, expiring with its window. */
    public TransactWriteItem count(String pk, String sk, long maxBefore, long ttlEpochSeconds) {
        Update u = Update.builder().tableName(table).key(key(pk, sk))
                .updateExpression("ADD n :one SET #ttl = :ttl")
                .conditionExpression("attribute_not_exists(n) OR n <= :max")
                .expressionAttributeNames(Map.of("#ttl", TableDefinition.TTL))
                .expressionAttributeValues(Map.of(":one", n(1), ":max", n(maxBefore), ":ttl", n(ttlEpochSeconds)))
                .build();
        return TransactWriteItem.builder().update(u).build();
    }

    /**
     * The same delta to every counter a request counts in: account totals, the agent's and the
     * account's windows of the request's creation, and the temporal rule counters it raised.
     * Unguarded: used by transitions that only release, convert or adjust.
     */
    public void everywhere(Commit commit, PurchaseRequest r, MoneyDelta delta) {
        if (delta.isZero()) return;
        String agentPk = Keys.agent(r.agentId());
        String accountPk = Keys.account(r.accountId());
        commit.counter("account-total", money(accountPk, Keys.accountTotalsSk(r.currency()), delta, null));
        for (char kind : new char[] {Windows.DAY, Windows.WEEK, Windows.MONTH}) {
            String sk = Keys.windowSk(r.currency(), kind, r.windows().period(kind));
            commit.counter("agent-window-" + kind, money(agentPk, sk, delta, null));
            commit.counter("account-window-" + kind, money(accountPk, sk, delta, null));
        }
        for (String ruleId : r.ruleIds()) {
            commit.counter("rule:" + ruleId, money(accountPk, Keys.ruleCounterSk(ruleId, r.currency()), delta, null));
        }
        agentExtraWindows(commit::counter, r.agentId(), r.currency(), r.windows(), delta, List.of());
    }

    /** Where a hold or spend counts: its agent, account, currency, creation windows and temporal rules. */
    public record Scope(String agentId, String accountId, String currency, Windows windows, java.util.List<String> ruleIds) {}

    /**
     * Every counter a new hold or spend counts in, each guarded by the limit the decision relied
     * on: account totals, the agent's and account's windows of creation, the temporal rule
     * counters and the velocity counters. The one place this logic lives (requests, SpendGuard
     * reservations and budget leases call it). {@code accountLevel = false} leaves out the
     * account's counters (totals, account windows, rules): a spend funded by a budget lease is
     * already in them through the lease's hold on the root parent (docs/invariants.md §11).
     */
    public void guarded(Commit commit, Scope sc, java.util.List<dev.purser.policy.Guard> guards, MoneyDelta delta,
                        java.time.Instant now, boolean accountLevel) {
        Map<dev.purser.policy.Counter, Long> limits = new HashMap<>();
        Map<String, Long> ruleLimits = new HashMap<>();
        for (dev.purser.policy.Guard g : guards) {
            if (g.counter() == dev.purser.policy.Counter.RULE) ruleLimits.put(g.ruleId(), g.limit());
            else limits.put(g.counter(), g.limit());
        }
        long amount = delta.used();
        String agentPk = Keys.agent(sc.agentId());
        String accountPk = Keys.account(sc.accountId());
        String cur = sc.currency();
        if (accountLevel) {
            commit.counter("account-total", money(accountPk, Keys.accountTotalsSk(cur), delta,
                    maxBefore(limits.get(dev.purser.policy.Counter.ACCOUNT_TOTAL), amount)));
        }
        dev.purser.policy.Counter[] agentWindows = {dev.purser.policy.Counter.AGENT_DAILY,
                dev.purser.policy.Counter.AGENT_WEEKLY, dev.purser.policy.Counter.AGENT_MONTHLY};
        dev.purser.policy.Counter[] accountWindows = {dev.purser.policy.Counter.ACCOUNT_DAILY,
                dev.purser.policy.Counter.ACCOUNT_WEEKLY, dev.purser.policy.Counter.ACCOUNT_MONTHLY};
        char[] kinds = {Windows.DAY, Windows.WEEK, Windows.MONTH};
        for (int i = 0; i < 3; i++) {
            String sk = Keys.windowSk(cur, kinds[i], sc.windows().period(kinds[i]));
            commit.counter(agentWindows[i].name(), money(agentPk, sk, delta, maxBefore(limits.get(agentWindows[i]), amount)));
            if (accountLevel) {
                commit.counter(accountWindows[i].name(), money(accountPk, sk, delta, maxBefore(limits.get(accountWindows[i]), amount)));
            }
        }
        if (accountLevel) {
            for (String ruleId : sc.ruleIds()) {
                commit.counter("rule:" + ruleId,
                        money(accountPk, Keys.ruleCounterSk(ruleId, cur), delta, maxBefore(ruleLimits.get(ruleId), amount)));
            }
        }
        agentExtraWindows(commit::counter, sc.agentId(), cur, sc.windows(), delta, guards);
        Long rpm = limits.get(dev.purser.policy.Counter.VELOCITY_MINUTE);
        if (rpm != null) {
            commit.counter("velocity-minute", count(agentPk, Keys.velocitySk('M', Windows.minuteBucket(now)),
                    rpm - 1, now.plusSeconds(120).getEpochSecond()));
        }
        Long rph = limits.get(dev.purser.policy.Counter.VELOCITY_HOUR);
        if (rph != null) {
            commit.counter("velocity-hour", count(agentPk, Keys.velocitySk('H', Windows.hourBucket(now)),
                    rph - 1, now.plusSeconds(7200).getEpochSecond()));
        }
    }

    /**
     * A release, conversion or adjustment on every counter of a scope, unguarded; the agent item
     * too when {@code agentItem}. {@code accountLevel} as in {@link #guarded}.
     */
    public void everywhere(Commit commit, Scope sc, MoneyDelta delta, boolean agentItem, boolean accountLevel, String labelPrefix) {
        if (delta.isZero()) return;
        if (agentItem) commit.update(labelPrefix + "agent", agentMoney(sc.agentId(), delta, 0).build());
        String agentPk = Keys.agent(sc.agentId());
        String accountPk = Keys.account(sc.accountId());
        if (accountLevel) commit.counter("account-total", money(accountPk, Keys.accountTotalsSk(sc.currency()), delta, null));
        for (char kind : new char[] {Windows.DAY, Windows.WEEK, Windows.MONTH}) {
            String sk = Keys.windowSk(sc.currency(), kind, sc.windows().period(kind));
            commit.counter(labelPrefix + "agent-window-" + kind, money(agentPk, sk, delta, null));
            if (accountLevel) commit.counter("account-window-" + kind, money(accountPk, sk, delta, null));
        }
        if (accountLevel) {
            for (String ruleId : sc.ruleIds()) {
                commit.counter("rule:" + ruleId, money(accountPk, Keys.ruleCounterSk(ruleId, sc.currency()), delta, null));
            }
        }
        agentExtraWindows((label, item) -> commit.counter(labelPrefix + label, item), sc.agentId(), sc.currency(),
                sc.windows(), delta, List.of());
    }

    private static Long maxBefore(Long limit, long amount) {
        return limit == null ? null : limit - amount;
    }

    /** The agent item's lifetime money, keeping {@code available = budget - spent - held}. */
    public Update.Builder agentMoney(String agentId, MoneyDelta delta, long pendingDelta) {
        return Update.builder().tableName(table).key(key(Keys.agent(agentId), Keys.AGENT_SK))
                .updateExpression("ADD spent :s, held :h, available :negu, pending_count :p")
                .expressionAttributeValues(new HashMap<>(Map.of(
                        ":s", n(delta.spent()), ":h", n(delta.held()), ":negu", n(-delta.used()), ":p", n(pendingDelta))));
    }

    /**
     * The agent item's money for a NEW hold or spend, with the conditions every new one carries:
     * {@code available >= amount}, the agent active, its pending requests under {@code pendingCap}.
     */
    public TransactWriteItem agentNew(String agentId, MoneyDelta delta, long pendingDelta, long pendingCap) {
        Update.Builder u = agentMoney(agentId, delta, pendingDelta);
        Map<String, AttributeValue> values = new HashMap<>(u.build().expressionAttributeValues());
        values.put(":amount", n(delta.used()));
        values.put(":active", str("active"));
        values.put(":cap", n(pendingCap));
        return TransactWriteItem.builder().update(u.conditionExpression("available >= :amount AND #st = :active AND pending_count < :cap")
                .expressionAttributeNames(Map.of("#st", "status")).expressionAttributeValues(values).build()).build();
    }

    public static AttributeValue str(String v) {
        return s(v);
    }
}
