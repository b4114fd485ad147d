package dev.purser.local;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.accounts.Account;
import dev.purser.accounts.AccountStore;
import dev.purser.accounts.AgentStore;
import dev.purser.config.Purser;
import dev.purser.json.Json;
import dev.purser.ledger.LedgerConfig;
import dev.purser.policy.DefaultCategories;
import dev.purser.store.TableDefinition;
import dev.purser.wallets.WalletService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/**
 * The demo account of a fresh local runtime: an owner key, and an agent with a token and a policy
 * that shows all three outcomes. Created once per data directory; the secrets are written to a
 * file there (local only, mode 0600) so later starts can print them again.
 */
final class Demo {
    static final String POLICY = """
            {"per_request_limit": 200, "daily_limit": 500, "auto_approve": {"enabled": true, "max_amount": 50}}""";

    record Credentials(String accountId, String ownerKey, String agentId, String agentToken, boolean created) {}

    static Credentials ensure(Purser purser, Path dataDir) throws IOException {
        var marker = key("LOCAL#DEMO", "DEMO");
        Path file = dataDir == null ? null : dataDir.resolve("demo-credentials.json");
        var existing = purser.dynamo().getItem(b -> b.tableName(purser.table()).key(marker).consistentRead(true)).item();
        if (existing != null && !existing.isEmpty() && file != null && Files.exists(file)) {
            var json = Json.parseTrusted(DataDir.readSecret(file));
            // A data directory made before demo agents had wallets gets one now (idempotent).
            defaultWallet(purser, json.get("account_id").asText(), json.get("agent_id").asText());
            return new Credentials(json.get("account_id").asText(), json.get("owner_key").asText(),
                    json.get("agent_id").asText(), json.get("agent_token").asText(), false);
        }
        var accounts = new AccountStore(purser.dynamo(), purser.table());
        var agents = new AgentStore(purser.dynamo(), purser.table());
        var created = accounts.create("Demo account", Account.DEFAULT_CURRENCY, Account.DEFAULT_TIMEZONE,
                DefaultCategories.NAMES, purser.now());
        accounts.update(created.account().id(),
                a -> a.withCategories(new TreeSet<>(a.categories()), DefaultCategories.ALIASES), purser.now());
        var agent = agents.register(created.account().id(), new AgentStore.Registration("demo-agent", "Demo agent",
                "Created by the local runtime", 1_000_00, POLICY, "notify"), purser.now()).agent();
        var token = agents.createToken(agent, "demo", purser.now()).secret();
        // As an owner registration does: the printed token can pay from its default wallet at once.
        defaultWallet(purser, created.account().id(), agent.id());
        purser.dynamo().putItem(b -> b.tableName(purser.table()).item(Map.of(
                TableDefinition.PK, s("LOCAL#DEMO"), TableDefinition.SK, s("DEMO"),
                "account_id", s(created.account().id()), "agent_id", s(agent.id()))));
        if (file != null) {
            ObjectNode json = Json.object().put("account_id", created.account().id()).put("owner_key", created.ownerKey())
                    .put("agent_id", agent.id()).put("agent_token", token);
            DataDir.ensure(dataDir);
            DataDir.writeSecret(file, Json.write(json));
        }
        return new Credentials(created.account().id(), created.ownerKey(), agent.id(), token, true);
    }

    private static void defaultWallet(Purser purser, String accountId, String agentId) {
        var wallets = new WalletService(purser.dynamo(), purser.table(), LedgerConfig.from(purser.env()::get), purser::now);
        wallets.ensureDefault(accountId, agentId, wallets.accountCurrency(accountId));
    }

    static String accountOf(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        return str(item, "account_id");
    }
}
