package dev.purser.accounts;

import static dev.purser.store.Attr.flag;
import static dev.purser.store.Attr.str;

import dev.purser.time.Times;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An agent token as stored: its digest, never the token itself. */
public record AgentToken(String id, String agentId, String accountId, String tokenHash, String prefix, String name,
                         boolean active, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {

    public static AgentToken fromItem(Map<String, AttributeValue> item) {
        return new AgentToken(str(item, "token_id"), str(item, "agent_id"), str(item, "account_id"),
                str(item, "token_hash"), str(item, "prefix"), str(item, "name"), flag(item, "active"),
                Times.parse(str(item, "created_at")), Times.parse(str(item, "last_used_at")),
                Times.parse(str(item, "revoked_at")));
    }
}
