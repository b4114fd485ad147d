package dev.purser.wallets;

import static dev.purser.store.Attr.flag;
import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.str;

import dev.purser.accounts.Account;
import dev.purser.accounts.Agent;
import dev.purser.auth.Secrets;
import dev.purser.requests.AgentContext;
import dev.purser.requests.AgentDenial;
import dev.purser.requests.DecisionReader;
import dev.purser.store.Keys;
import dev.purser.time.Times;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Authenticates the bearer secret of a money endpoint: owner keys ({@code pk_…}) and agent tokens
 * ({@code agt_…}) are both accepted. Both are re-read on every call, so revocation is immediate.
 * An agent token is authenticated like every agent call: the decision reader's batch (token, agent,
 * account; one round trip warm, with the container's token-to-agent hint) and {@link AgentDenial}'s
 * checks in the spec's order, worded here as the money endpoints word them.
 */
public final class Callers {
    /** How authentication ended. */
    public sealed interface Auth {
        record Ok(Caller caller) implements Auth {}

        record Unauthorized(String detail) implements Auth {}

        record Forbidden(String detail) implements Auth {}
    }

    private final DecisionReader agents;
    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public Callers(DecisionReader agents, DynamoDbClient dynamo, String table, Clock clock) {
        this.agents = agents;
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
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
        AgentContext ctx = agents.read(hash, Times.micros(clock.instant()), false, null);
        Optional<AgentDenial> denial = AgentDenial.of(ctx);
        if (denial.isEmpty()) return new Auth.Ok(new Caller.AgentCaller(ctx.agent().id(), ctx.account().id(), hash));
        String why = refusal(denial.get());
        return why == null ? new Auth.Unauthorized("Invalid agent token") : new Auth.Forbidden(why);
    }

    /** How the money endpoints word a denial (null: the token is not valid). */
    private static String refusal(AgentDenial denial) {
        return switch (denial) {
            case INVALID_TOKEN -> null;
            case ACCOUNT_BLOCKED -> "Account is blocked";
            case ALL_AGENTS_PAUSED -> "All agents are paused by account owner";
            case AGENT_ARCHIVED -> "Agent is archived";
            case AGENT_PAUSED -> "Agent is paused";
        };
    }

    /** The same refusal for callers that read the agent and account themselves (payments). */
    public static String refusal(Agent agent, Account account) {
        return AgentDenial.of(new AgentContext(Map.of("active", AttributeValue.fromBool(true)), agent, account, null, 0,
                Optional.empty())).map(Callers::refusal).orElse(null);
    }
}
