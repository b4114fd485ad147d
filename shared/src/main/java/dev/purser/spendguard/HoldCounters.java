package dev.purser.spendguard;

import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import dev.purser.commit.Commit;
import dev.purser.policy.Counter;
import dev.purser.policy.Decision;
import dev.purser.policy.Guard;
import dev.purser.requests.CounterWrites;
import dev.purser.requests.MoneyDelta;
import dev.purser.store.Keys;
import dev.purser.time.Windows;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The counters a hold counts in, the same ones a pending request counts in (docs/invariants.md
 * §2–6): the agent item's money, account totals, the agent's and account's day/week/month windows
 * of the hold's creation, the temporal rule counters active then, and the velocity counters. At
 * creation each carries the guard the decision relied on; later transitions only release or
 * convert, unguarded, and always on the windows of creation.
 */
final class HoldCounters {
    private final String table;
    private final CounterWrites counters;

    HoldCounters(String table) {
        this.table = table;
        this.counters = new CounterWrites(table);
    }

    /** Where a hold counts: its agent, account, currency, creation windows and rules. */
    record Scope(String agentId, String accountId, String currency, Windows windows, List<String> ruleIds) {}

    /** The agent's money for a new hold: {@code available >= amount}, still active. */
    Update agentHold(String agentId, long amount) {
        Update.Builder u = counters.agentMoney(agentId, MoneyDelta.hold(amount), 0);
        Map<String, AttributeValue> values = new HashMap<>(u.build().expressionAttributeValues());
        values.put(":amount", n(amount));
        values.put(":active", s("active"));
        return u.conditionExpression("available >= :amount AND #st = :active")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(values)
                .build();
    }

    /** Every counter of a new hold, each guarded by the limit the decision relied on. */
    void guarded(Commit commit, Scope sc, Decision decision, long amount, Instant now) {
        Map<Counter, Long> limits = new HashMap<>();
        Map<String, Long> ruleLimits = new HashMap<>();
        for (Guard g : decision.guards()) {
            if (g.counter() == Counter.RULE) ruleLimits.put(g.ruleId(), g.limit());
            else limits.put(g.counter(), g.limit());
        }
        MoneyDelta delta = MoneyDelta.hold(amount);
        String agentPk = Keys.agent(sc.agentId());
        String accountPk = Keys.account(sc.accountId());
        commit.counter("account-total", counters.money(accountPk, Keys.accountTotalsSk(sc.currency()), delta,
                maxBefore(limits.get(Counter.ACCOUNT_TOTAL), amount)));
        Counter[] agentWindows = {Counter.AGENT_DAILY, Counter.AGENT_WEEKLY, Counter.AGENT_MONTHLY};
        Counter[] accountWindows = {Counter.ACCOUNT_DAILY, Counter.ACCOUNT_WEEKLY, Counter.ACCOUNT_MONTHLY};
        char[] kinds = {Windows.DAY, Windows.WEEK, Windows.MONTH};
        for (int i = 0; i < 3; i++) {
            String sk = Keys.windowSk(sc.currency(), kinds[i], sc.windows().period(kinds[i]));
            commit.counter(agentWindows[i].name(), counters.money(agentPk, sk, delta, maxBefore(limits.get(agentWindows[i]), amount)));
            commit.counter(accountWindows[i].name(), counters.money(accountPk, sk, delta, maxBefore(limits.get(accountWindows[i]), amount)));
        }
        for (String ruleId : sc.ruleIds()) {
            commit.counter("rule:" + ruleId, counters.money(accountPk, Keys.ruleCounterSk(ruleId, sc.currency()), delta,
                    maxBefore(ruleLimits.get(ruleId), amount)));
        }
        counters.agentExtraWindows(commit::counter, sc.agentId(), sc.currency(), sc.windows(), delta, decision.guards());
        Long rpm = limits.get(Counter.VELOCITY_MINUTE);
        if (rpm != null) {
            commit.counter("velocity-minute", counters.count(agentPk, Keys.velocitySk('M', Windows.minuteBucket(now)),
                    rpm - 1, now.plusSeconds(120).getEpochSecond()));
        }
        Long rph = limits.get(Counter.VELOCITY_HOUR);
        if (rph != null) {
            commit.counter("velocity-hour", counters.count(agentPk, Keys.velocitySk('H', Windows.hourBucket(now)),
                    rph - 1, now.plusSeconds(7200).getEpochSecond()));
        }
    }

    /** A release or conversion: the agent's money and every counter of the hold's creation, unguarded. */
    void everywhere(Commit commit, Scope sc, MoneyDelta delta) {
        if (delta.isZero()) return;
        commit.update("agent", counters.agentMoney(sc.agentId(), delta, 0).build());
        String agentPk = Keys.agent(sc.agentId());
        String accountPk = Keys.account(sc.accountId());
        commit.counter("account-total", counters.money(accountPk, Keys.accountTotalsSk(sc.currency()), delta, null));
        for (char kind : new char[] {Windows.DAY, Windows.WEEK, Windows.MONTH}) {
            String sk = Keys.windowSk(sc.currency(), kind, sc.windows().period(kind));
            commit.counter("agent-window-" + kind, counters.money(agentPk, sk, delta, null));
            commit.counter("account-window-" + kind, counters.money(accountPk, sk, delta, null));
        }
        for (String ruleId : sc.ruleIds()) {
            commit.counter("rule:" + ruleId, counters.money(accountPk, Keys.ruleCounterSk(ruleId, sc.currency()), delta, null));
        }
        counters.agentExtraWindows(commit::counter, sc.agentId(), sc.currency(), sc.windows(), delta, java.util.List.of());
    }

    String table() {
        return table;
    }

    private static Long maxBefore(Long limit, long amount) {
        return limit == null ? null : limit - amount;
    }
}
