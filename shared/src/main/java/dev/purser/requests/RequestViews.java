package dev.purser.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.time.Times;
import java.math.BigDecimal;

/**
 * JSON views of a request. The Agent API's shapes are fixed by the LetAgentPay contract (numbers
 * in plain-dict endpoints, see {@link #number}); the owner view is Purser's own and carries
 * everything a reviewer needs, with money as decimal strings.
 */
public final class RequestViews {
    private RequestViews() {}

    /** {@code GET /agent-api/requests/{id}}: the same six fields in every state (spec §1.5). */
    public static ObjectNode agentDetail(PurchaseRequest r) {
        ObjectNode o = Json.object();
        o.put("request_id", r.id());
        o.put("status", r.status().wire());
        o.set("amount", number(r.amount()));
        o.put("category", r.category());
        o.put("created_at", Times.wire(r.createdAt()));
        o.put("reviewed_at", Times.wire(r.reviewedAt()));
        return o;
    }

    /** One entry of {@code GET /agent-api/requests} (spec §1.4). */
    public static ObjectNode agentListItem(PurchaseRequest r) {
        ObjectNode o = Json.object();
        o.put("request_id", r.id());
        o.put("status", r.status().wire());
        o.set("amount", number(r.amount()));
        o.put("currency", r.currency());
        o.put("category", r.category());
        o.put("merchant", r.merchantName());
        o.put("description", r.description());
        o.put("created_at", Times.wire(r.createdAt()));
        o.put("reviewed_at", Times.wire(r.reviewedAt()));
        o.put("expires_at", Times.wire(r.expiresAt()));
        return o;
    }

    /** The 200 body of {@code POST /agent-api/requests/{id}/confirm} (spec §1.6). */
    public static ObjectNode confirmed(PurchaseRequest r) {
        ObjectNode o = Json.object();
        o.put("request_id", r.id());
        o.put("status", r.status().wire());
        o.put("actual_amount", r.actualAmount() == null ? null : Money.plain(r.actualAmount()));
        return o;
    }

    /** The owner API's request, also the {@code data} of request events. */
    public static ObjectNode owner(PurchaseRequest r) {
        ObjectNode o = Json.object();
        o.put("request_id", r.id());
        o.put("agent_id", r.agentId());
        o.put("status", r.status().wire());
        o.put("amount", Money.plain(r.amount()));
        o.put("currency", r.currency());
        o.put("category", r.category());
        o.put("original_category", r.originalCategory());
        o.put("merchant_name", r.merchantName());
        o.put("description", r.description());
        o.put("agent_comment", r.agentComment());
        o.set("policy_check", r.policyCheckJson() == null ? Json.MAPPER.nullNode() : Json.parseTrusted(r.policyCheckJson()));
        o.put("created_at", Times.wire(r.createdAt()));
        o.put("reviewed_at", Times.wire(r.reviewedAt()));
        o.put("expires_at", Times.wire(r.expiresAt()));
        o.put("completed_at", Times.wire(r.completedAt()));
        o.put("actual_amount", r.actualAmount() == null ? null : Money.plain(r.actualAmount()));
        o.put("receipt_url", r.receiptUrl());
        o.put("review_reason", r.reviewReason());
        return o;
    }

    /**
     * A decimal as upstream's plain-dict endpoints send it: a JSON number the way Python prints a
     * float of a NUMERIC(12,2) ({@code 1500.0}, {@code 49.99}).
     */
    public static JsonNode number(long minor) {
        BigDecimal d = Money.toDecimal(minor).stripTrailingZeros();
        if (d.scale() < 1) d = d.setScale(1);
        return Json.MAPPER.getNodeFactory().numberNode(d);
    }
}
