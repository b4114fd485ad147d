package dev.purser.accounts;

import static dev.purser.store.Attr.bool;
import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;

import dev.purser.events.EventType;
import dev.purser.events.Outbox;
import dev.purser.store.Children;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * An agent's tokens as the owner manages them: listed through the agent's index partition,
 * revoked in place. The Agent API reads the token item on every call, so a revoked token is
 * refused on the very next one.
 */
public final class AgentTokens {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Outbox outbox;

    public AgentTokens(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.outbox = new Outbox(table);
    }

    /** Every token of the agent, revoked ones included, oldest first. */
    public List<AgentToken> list(String agentId) {
        List<AgentToken> out = new ArrayList<>();
        Children.all(dynamo, table, Keys.agentTokens(agentId), false).forEach(i -> out.add(AgentToken.fromItem(i)));
        return out;
    }

    /**
     * Deactivates the token, with its {@code agent.token.revoked} event in the same transaction.
     * Revoking a revoked token changes nothing and writes no event.
     *
     * @return the token as revoked
     */
    public AgentToken revoke(AgentToken token, Instant now) {
        if (!token.active()) return token;
        AgentToken after = new AgentToken(token.id(), token.agentId(), token.accountId(), token.tokenHash(),
                token.prefix(), token.name(), false, token.createdAt(), token.lastUsedAt(), now);
        Update update = Update.builder().tableName(table).key(key(Keys.token(token.tokenHash()), Keys.TOKEN_SK))
                .updateExpression("SET active = :f, revoked_at = :now")
                .conditionExpression("active = :t")
                .expressionAttributeValues(Map.of(":f", bool(false), ":t", bool(true), ":now", s(Times.stored(now))))
                .build();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().update(update).build(),
                    outbox.put(EventType.AGENT_TOKEN_REVOKED, token.accountId(), AgentViews.token(after), now)));
        } catch (TransactionCanceledException e) {
            // Revoked meanwhile by someone else: the outcome asked for.
        }
        return after;
    }
}
