package dev.purser.mandates;

import static dev.purser.store.Attr.flag;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A short-lived, single-use credential bound to one agent, one mandate (and its version), one
 * action and one audience. Stored only as the SHA-256 of its secret.
 */
public record ExecutionToken(String tokenHash, String tokenId, String mandateId, long mandateVersion, String agentId,
                             String accountId, String action, String audience, Instant expiresAt, boolean used) {
    public static final String PREFIX = "ext_";
    static final String SK = "EXECTOKEN";

    public static String pk(String tokenHash) { return "EXECTOKEN#" + tokenHash; }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(pk(tokenHash)));
        item.put(TableDefinition.SK, s(SK));
        item.put("token_id", s(tokenId));
        item.put("mandate_id", s(mandateId));
        item.put("mandate_version", n(mandateVersion));
        item.put("agent_id", s(agentId));
        item.put("account_id", s(accountId));
        item.put("action", s(action));
        item.put("audience", s(audience));
        item.put("expires_at", s(Times.stored(expiresAt)));
        item.put("used", AttributeValue.fromBool(used));
        // Kept a day past expiry (a replay within that day is answered "already used" precisely).
        item.put(TableDefinition.TTL, n(expiresAt.getEpochSecond() + 86_400));
        return item;
    }

    public static ExecutionToken fromItem(Map<String, AttributeValue> item) {
        String pk = str(item, TableDefinition.PK);
        return new ExecutionToken(pk.substring("EXECTOKEN#".length()), str(item, "token_id"), str(item, "mandate_id"),
                num(item, "mandate_version"), str(item, "agent_id"), str(item, "account_id"), str(item, "action"),
                str(item, "audience"), Times.parse(str(item, "expires_at")), flag(item, "used"));
    }

    /** The public facts (never the secret). */
    public ObjectNode view() {
        ObjectNode o = Json.object();
        o.put("token_id", tokenId);
        o.put("mandate_id", mandateId);
        o.put("mandate_version", mandateVersion);
        o.put("agent", agentId);
        o.put("action", action);
        o.put("audience", audience);
        o.put("expires_at", Times.wire(expiresAt));
        o.put("single_use", true);
        return o;
    }
}
