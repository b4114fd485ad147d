package dev.purser.disputes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.time.Times;
import java.time.Instant;

/** One piece of evidence: immutable once added. {@code side} is {@code payer} or {@code payee}. */
public record Evidence(String id, String type, String content, String side, Party submittedBy, Instant createdAt) {
    public ObjectNode view() {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("type", type);
        o.put("content", content);
        o.put("side", side);
        o.putObject("submitted_by").put("account_id", submittedBy.accountId()).put("agent_id", submittedBy.agentId());
        o.put("created_at", Times.wire(createdAt));
        return o;
    }
}
