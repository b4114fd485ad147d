package dev.purser.spendguard;

import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import dev.purser.commit.Commit;
import dev.purser.policy.Decision;
import dev.purser.requests.CounterWrites;
import dev.purser.requests.MoneyDelta;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The counters a hold counts in, the same ones a pending request counts in (docs/invariants.md
 * §2–6), written by the one shared implementation ({@link CounterWrites#guarded},
 * {@link CounterWrites#everywhere}). At creation each carries the guard the decision relied on;
 * later transitions only release or convert, unguarded, and always on the windows of creation.
 * A hold funded by a budget lease leaves the account's counters alone ({@code accountLevel}).
 */
final class HoldCounters {
    private final CounterWrites counters;

    HoldCounters(String table) {
        this.counters = new CounterWrites(table);
    }

    /** The agent's money for a new hold (or, with {@code spend}, a spend): {@code available >= amount}, still active. */
    Update agentHold(String agentId, long amount) {
        return agentMoney(agentId, MoneyDelta.hold(amount));
    }

    Update agentMoney(String agentId, MoneyDelta delta) {
        Update.Builder u = counters.agentMoney(agentId, delta, 0);
        Map<String, AttributeValue> values = new HashMap<>(u.build().expressionAttributeValues());
        values.put(":amount", n(delta.used()));
        values.put(":active", s("active"));
        return u.conditionExpression("available >= :amount AND #st = :active")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(values)
                .build();
    }

    /** Every counter of a new hold, each guarded by the limit the decision relied on. */
    void guarded(Commit commit, CounterWrites.Scope sc, Decision decision, long amount, Instant now, boolean accountLevel) {
        counters.guarded(commit, sc, decision.guards(), MoneyDelta.hold(amount), now, accountLevel);
    }

    /** A release or conversion: the agent's money and every counter of the hold's creation, unguarded. */
    void everywhere(Commit commit, CounterWrites.Scope sc, MoneyDelta delta, boolean accountLevel) {
        counters.everywhere(commit, sc, delta, true, accountLevel, "");
    }

    CounterWrites writes() {
        return counters;
    }
}
