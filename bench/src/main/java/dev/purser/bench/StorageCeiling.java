package dev.purser.bench;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;

import dev.purser.auth.Secrets;
import dev.purser.budget.BudgetWrites;
import dev.purser.budget.MoneyDelta;
import dev.purser.events.EventType;
import dev.purser.events.Outbox;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.policy.AgentStatus;
import dev.purser.policy.Decision;
import dev.purser.policy.Policy;
import dev.purser.policy.PolicyEngine;
import dev.purser.policy.PurchaseAttempt;
import dev.purser.policy.Snapshot;
import dev.purser.requests.PurchaseRequest;
import dev.purser.requests.RequestCreator;
import dev.purser.requests.RequestItems;
import dev.purser.requests.RequestStatus;
import dev.purser.requests.RequestViews;
import dev.purser.store.Keys;
import dev.purser.time.Times;
import dev.purser.time.Windows;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The storage ceiling: the TransactWriteItems an auto-approved decision under
 * {@link DecisionPathSection#POLICY} commits, issued raw, with the same 12 items, the same
 * conditions and the same keys (the same agents and accounts as the HTTP load), but no read, no
 * engine, no HTTP. The one difference: the rate counter item is a sibling key, so these writes do
 * not eat the agents' 60/minute allowance the decisions need. The API's contention retry (cancel,
 * short random back-off, again) is reproduced, so a lost race costs the same here.
 */
final class StorageCeiling {
    private final DynamoDbClient dynamo;
    private final String table;
    private final BudgetWrites counters;
    private final Outbox outbox;
    private final String policyCheckJson;

    StorageCeiling(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.counters = new BudgetWrites(table);
        this.outbox = new Outbox(table);
        // A real decision's policy_check, so the request item has its real size.
        BigDecimal amount = new BigDecimal("10.00");
        Decision d = PolicyEngine.evaluate(new PurchaseAttempt(amount, Money.toMinor(amount), "groceries", null), AgentStatus.ACTIVE,
                Policy.parse(Json.parseTrusted(DecisionPathSection.POLICY)), List.of(), ZoneId.of("America/New_York"),
                new Snapshot(1_000_000_00L, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0), Instant.now());
        this.policyCheckJson = Json.write(RequestCreator.policyCheck(d));
    }

    /** Commits one decision-shaped transaction for the agent; returns how many attempts were cancelled first. */
    int commit(BenchWorld.BenchAgent agent, long amountMinor) {
        for (int attempt = 0; ; attempt++) {
            try {
                List<TransactWriteItem> items = items(agent, amountMinor, Times.micros(Instant.now()));
                dynamo.transactWriteItems(b -> b.transactItems(items));
                return attempt;
            } catch (software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException e) {
                if (attempt >= 50) throw e;
                long max = Math.min(100, 5L << Math.min(attempt, 4));
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(1, max + 1));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
    }

    List<TransactWriteItem> items(BenchWorld.BenchAgent agent, long amount, Instant now) {
        Windows windows = Windows.of(now, ZoneId.of("America/New_York"));
        PurchaseRequest r = new PurchaseRequest(UUID.randomUUID().toString(), agent.id(), agent.accountId(), RequestStatus.AUTO_APPROVED,
                amount, "USD", "groceries", null, null, null, null, policyCheckJson, now, now, now, null, null, null, null,
                windows, List.of());
        MoneyDelta delta = MoneyDelta.spend(amount);
        String agentPk = Keys.agent(agent.id());
        String accountPk = Keys.account(agent.accountId());
        List<TransactWriteItem> items = new ArrayList<>(12);
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(RequestItems.toItem(r))
                .conditionExpression("attribute_not_exists(pk)").build()).build());
        items.add(TransactWriteItem.builder().update(counters.token(Secrets.sha256Hex(agent.token()), now)).build());
        items.add(counters.count(agentPk, Keys.rateSk("ceiling-" + Windows.minuteBucket(now)),
                BudgetWrites.RATE_LIMIT_PER_MINUTE * 1_000_000L, now.plusSeconds(120).getEpochSecond()));
        items.add(TransactWriteItem.builder().update(counters.agentSpend(agent.id(), delta, 0, true)).build());
        items.add(counters.money(accountPk, Keys.accountTotalsSk("USD"), delta, null));
        // The policy's daily, weekly and monthly limits guard the agent's windows; no account rule here.
        long[] limits = {100_000_00L, 200_000_00L, 500_000_00L};
        char[] kinds = {Windows.DAY, Windows.WEEK, Windows.MONTH};
        for (int i = 0; i < 3; i++) {
            String sk = Keys.windowSk("USD", kinds[i], windows.period(kinds[i]));
            items.add(counters.money(agentPk, sk, delta, limits[i] - amount));
            items.add(counters.money(accountPk, sk, delta, null));
        }
        items.add(outbox.put(EventType.REQUEST_AUTO_APPROVED, agent.accountId(), RequestViews.owner(r), now));
        return items;
    }
}
