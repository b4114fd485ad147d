package dev.purser.bench;

import dev.purser.accounts.Account;
import dev.purser.accounts.AccountStore;
import dev.purser.accounts.AgentStore;
import dev.purser.config.AwsClients;
import dev.purser.config.Env;
import dev.purser.config.Purser;
import dev.purser.functions.Handlers;
import dev.purser.functions.InProcessApi;
import dev.purser.http.HttpResponse;
import dev.purser.json.Json;
import dev.purser.ledger.LedgerConfig;
import dev.purser.money.Money;
import dev.purser.policy.AccountRule;
import dev.purser.policy.DefaultCategories;
import dev.purser.store.DynamoTables;
import dev.purser.store.TableDefinition;
import dev.purser.wallets.Caller;
import dev.purser.wallets.FundOutcome;
import dev.purser.wallets.WalletService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * One Purser wired to a table of the embedded DynamoDB Local, with the handlers behind an
 * in-process API Gateway (what a Lambda would run), plus the stores to create accounts and agents.
 */
final class BenchWorld {
    static final String AGENT_API = "/api/v1/agent-api";

    final Purser purser;
    final AccountStore accounts;
    final AgentStore agents;
    final InProcessApi api;

    BenchWorld(Env env, String table, Clock clock, ExecutionInterceptor... interceptors) {
        Env tableEnv = env.with(Env.TABLE_NAME, table);
        AwsClients clients = new AwsClients(tableEnv, interceptors);
        this.purser = new Purser(tableEnv, clock, clients.dynamo());
        DynamoTables.createIfMissing(purser.dynamo(), table, TableDefinition.PURSER);
        this.accounts = new AccountStore(purser.dynamo(), table);
        this.agents = new AgentStore(purser.dynamo(), table);
        this.api = new InProcessApi(new Handlers(purser));
    }

    Account account(String ruleJson) {
        Account a = accounts.create("Bench " + UUID.randomUUID(), "USD", "America/New_York",
                DefaultCategories.NAMES, purser.now()).account();
        if (ruleJson == null) return a;
        AccountRule rule = AccountRule.fromJson(Json.parseTrusted(ruleJson));
        return accounts.update(a.id(), acc -> {
            List<AccountRule> rules = new ArrayList<>(acc.rules());
            rules.add(rule);
            return acc.withRules(rules);
        }, purser.now());
    }

    /** An agent with a token; budget in minor units. */
    BenchAgent agent(Account account, long budgetMinor, String policyJson) {
        var agent = agents.register(account.id(), new AgentStore.Registration(null, "bench-" + UUID.randomUUID(), null,
                budgetMinor, policyJson, null), purser.now()).agent();
        String token = agents.createToken(agent, "bench", purser.now()).secret();
        return new BenchAgent(agent.id(), account.id(), token, budgetMinor);
    }

    HttpResponse create(String token, String body) {
        return api.invoke("POST", AGENT_API + "/requests", null, headers(token), body, "127.0.0.1");
    }

    HttpResponse check(String token, String body) {
        return api.invoke("POST", AGENT_API + "/requests/check", null, headers(token), body, "127.0.0.1");
    }

    HttpResponse confirm(String token, String requestId, String body) {
        return api.invoke("POST", AGENT_API + "/requests/" + requestId + "/confirm", null, headers(token), body, "127.0.0.1");
    }

    HttpResponse pay(String token, String body) {
        return api.invoke("POST", "/v1/payments", null, headers(token), body, "127.0.0.1");
    }

    /** The agent's default wallet, funded with {@code minor} through the sandbox faucet (in ≤ 1,000.00 calls). */
    String fundedWallet(BenchAgent agent, long minor) {
        var wallets = new WalletService(purser.dynamo(), purser.table(),
                LedgerConfig.from(purser.env().with(LedgerConfig.SANDBOX, "true")
                        .with(LedgerConfig.FAUCET_MAX_PER_DAY, Long.toString(Long.MAX_VALUE / 4))::get),
                purser::now);
        var w = wallets.ensureDefault(agent.accountId(), agent.id(), "USD");
        var owner = new Caller.OwnerCaller(agent.accountId());
        for (long left = minor; left > 0; left -= 100_000) {
            var r = wallets.fund(owner, w.id(), Math.min(left, 100_000), null, null);
            if (!(r instanceof FundOutcome.Funded)) throw new IllegalStateException("funding failed: " + r);
        }
        return w.id();
    }

    static String payment(String walletId, long amountMinor, String rail) {
        return "{\"from_wallet_id\": \"" + walletId + "\", \"to_external\": \"bench-merchant\", \"amount\": "
                + Money.plain(amountMinor) + ", \"rail\": \"" + rail + "\"}";
    }

    static Map<String, String> headers(String token) {
        return Map.of("authorization", "Bearer " + token, "content-type", "application/json");
    }

    static String body(long amountMinor, String category) {
        return "{\"amount\": " + Money.plain(amountMinor) + ", \"category\": \"" + category + "\"}";
    }

    record BenchAgent(String id, String accountId, String token, long budget) {}
}
