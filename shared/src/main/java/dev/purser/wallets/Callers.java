package dev.purser.wallets;

import static dev.purser.store.Attr.flag;
import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.str;

import dev.purser.accounts.Account;
import dev.purser.accounts.Agent;
import dev.purser.auth.Secrets;
import dev.purser.policy.AgentStatus;
import dev.purser.store.Keys;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Authenticates the bearer secret of a money endpoint: owner keys ({@code pk_…}) and agent tokens
 * ({@code agt_…}) are both accepted. Both are re-read on every call, so revocation is immediate.
 * Agents must be active in an account that is neither blocked nor paused.
 */
public final class Callers {
    /** How authentication ended. */
    public sealed interface Auth {
        record Ok(Caller caller) implements Auth {}

        record Unauthorized(String detail) implements Auth {}

        record Forbidden(String detail) implements Auth {}
    }

    private final DynamoDbClient dynamo;
    private final String table;

    public Callers(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static boolean isOwnerKey(String secret) {
        return secret.startsWith("pk_");
    }

    public Auth authenticate(String secret) {
        if (secret == null || secret.isEmpty()) return new Auth.Unauthorized("Missing bearer token");
        String hash = Secrets.sha256Hex(secret);
        if (isOwnerKey(secret)) {
            var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(key(Keys.ownerKey(hash), Keys.OWNER_KEY_SK))).item();
            if (item == null || item.isEmpty() || !flag(item, "active")) return new Auth.Unauthorized("Invalid owner key");
            return new Auth.Ok(new Caller.OwnerCaller(str(item, "account_id")));
        }
        var token = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(Keys.token(hash), Keys.TOKEN_SK))).item();
        if (token == null || token.isEmpty() || !flag(token, "active")) return new Auth.Unauthorized("Invalid agent token");
        String agentId = str(token, "agent_id");
        String accountId = str(token, "account_id");
        var found = dynamo.batchGetItem(b -> b.requestItems(Map.of(table,
                software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder().consistentRead(true)
                        .keys(List.of(key(Keys.agent(agentId), Keys.AGENT_SK), key(Keys.account(accountId), Keys.ACCOUNT_SK)))
                        .build()))).responses().getOrDefault(table, List.of());
        Map<String, AttributeValue> agentItem = null, accountItem = null;
        for (var i : found) {
            if (Keys.AGENT_SK.equals(str(i, "sk"))) agentItem = i;
            else accountItem = i;
        }
        if (agentItem == null || accountItem == null) return new Auth.Unauthorized("Invalid agent token");
        Forbidden why = agentRefusal(Agent.fromItem(agentItem), Account.fromItem(accountItem));
        if (why != null) return new Auth.Forbidden(why.detail());
        return new Auth.Ok(new Caller.AgentCaller(agentId, accountId, hash));
    }

    private record Forbidden(String detail) {}

    private static Forbidden agentRefusal(Agent agent, Account account) {
        if (account.blocked()) return new Forbidden("Account is blocked");
        if (account.allAgentsPaused()) return new Forbidden("All agents are paused by account owner");
        if (agent.status() == AgentStatus.ARCHIVED) return new Forbidden("Agent is archived");
        if (agent.status() != AgentStatus.ACTIVE) return new Forbidden("Agent is paused");
        return null;
    }

    /** The same refusal for callers that read the agent and account themselves (payments). */
    public static String refusal(Agent agent, Account account) {
        Forbidden f = agentRefusal(agent, account);
        return f == null ? null : f.detail();
    }
}
