package dev.purser.functions.support;

import dev.purser.testing.MutableClock;
import dev.purser.accounts.Account;
import dev.purser.accounts.AccountStore;
import dev.purser.accounts.Agent;
import dev.purser.accounts.AgentStore;
import dev.purser.config.AwsClients;
import dev.purser.config.Env;
import dev.purser.config.Purser;
import dev.purser.throttle.Throttles;
import dev.purser.functions.Handlers;
import dev.purser.functions.InProcessApi;
import dev.purser.json.Json;
import dev.purser.policy.AccountRule;
import dev.purser.policy.DefaultCategories;
import dev.purser.testing.LocalAws;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A test's world on the shared DynamoDB Local: its own Purser (with a clock the test moves), its
 * own accounts and agents with unique ids, and the handlers behind an in-process API Gateway.
 */
public final class World {
    public static final Instant START = Instant.parse("2026-11-23T15:00:00Z"); // a Monday, 10:00 in New York

    public final MutableClock clock;
    public final Purser purser;
    public final AccountStore accounts;
    public final AgentStore agents;
    public final Handlers handlers;
    public final TestApi api;

    public World(ExecutionInterceptor... interceptors) {
        this(START, interceptors);
    }

    public World(Instant start, ExecutionInterceptor... interceptors) {
        // Every test calls from 127.0.0.1 at the same frozen minute of one shared table, so the
        // failed-authentication limit would add up across test classes: tests of that limit build
        // their World with their own limit and source address (see ThrottleTest).
        this(LocalAws.get().env().with(Throttles.AUTH_FAILURES_PER_MINUTE, "1000000"), start, interceptors);
    }

    public World(Env env, Instant start, ExecutionInterceptor... interceptors) {
        LocalAws aws = LocalAws.get();
        this.clock = new MutableClock(start);
        AwsClients clients = aws.clients(interceptors);
        this.purser = new Purser(env, clock, clients.dynamo());
        this.accounts = new AccountStore(purser.dynamo(), purser.table());
        this.agents = new AgentStore(purser.dynamo(), purser.table());
        this.handlers = new Handlers(purser);
        this.api = new TestApi(new InProcessApi(handlers));
    }

    /** The spec's fixture account: the 16 defaults plus {@code api}, and a small alias set (§2.9). */
    public Account account() {
        List<String> categories = new ArrayList<>(DefaultCategories.NAMES);
        categories.add("api");
        Account a = accounts.create("Test " + UUID.randomUUID(), "USD", "America/New_York", categories, purser.now()).account();
        Map<String, String> aliases = new HashMap<>(Map.of("food", "food_delivery", "delivery", "food_delivery",
                "uber_eats", "food_delivery", "software", "subscriptions", "hotel", "accommodation", "uber", "taxi",
                "grocery", "groceries", "dining", "restaurants"));
        return accounts.update(a.id(), acc -> acc.withCategories(new TreeSet<>(acc.categories()), aliases), purser.now());
    }

    public Account updateAccount(Account a, UnaryOperator<Account> change) {
        return accounts.update(a.id(), change, purser.now());
    }

    public Account addRule(Account a, String ruleJson) {
        AccountRule rule = AccountRule.fromJson(Json.parseTrusted(ruleJson));
        return updateAccount(a, acc -> {
            List<AccountRule> rules = new ArrayList<>(acc.rules());
            rules.add(rule);
            return acc.withRules(rules);
        });
    }

    /** An agent with a token. */
    public record TestAgent(Agent agent, String token) {
        public String id() { return agent.id(); }
    }

    /** Budget in whole currency units; policy JSON or null. */
    public TestAgent agent(Account account, long budgetUnits, String policyJson) {
        Agent agent = agents.register(account.id(), new AgentStore.Registration(null, "agent-" + UUID.randomUUID(), null,
                budgetUnits * 100, policyJson, null), purser.now()).agent();
        String token = agents.createToken(agent, "test", purser.now()).secret();
        return new TestAgent(agent, token);
    }

    public Agent reload(TestAgent a) {
        return agents.get(a.id());
    }

    public static Set<String> set(String... s) {
        return Set.of(s);
    }

    // --- Owner API (appended) ---

    /** An account with the owner key {@link AccountStore#create} returned (shown once). */
    public record OwnedAccount(Account account, String ownerKey) {
        public String id() { return account.id(); }
    }

    /** Like {@link #account()}, keeping the owner key. */
    public OwnedAccount ownedAccount() {
        List<String> categories = new ArrayList<>(DefaultCategories.NAMES);
        categories.add("api");
        AccountStore.Created created = accounts.create("Test " + UUID.randomUUID(), "USD", "America/New_York",
                categories, purser.now());
        return new OwnedAccount(accounts.get(created.account().id()), created.ownerKey());
    }
}
