package dev.purser.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.policy.Check;
import dev.purser.policy.Decision;
import dev.purser.policy.Outcome;
import dev.purser.policy.ResolvedCategory;
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

    /** A decision's checks, as stored on the request and answered to the agent. */
    public static ObjectNode policyCheck(Decision decision) {
        ObjectNode pc = Json.object();
        pc.put("passed", decision.passed());
        ArrayNode checks = pc.putArray("checks");
        for (Check c : decision.checks()) {
            checks.addObject().put("rule", c.rule()).put("result", c.result()).put("detail", c.detail());
        }
        return pc;
    }

    /** The 201 body of {@code POST /requests} (spec §1.3). */
    public static ObjectNode created(PurchaseRequest r, long remainingBefore, ObjectNode policyCheck) {
        ObjectNode o = Json.object();
        o.put("request_id", r.id());
        o.put("status", r.status().wire());
        o.put("currency", r.currency());
        o.put("category", r.category());
        o.put("original_category", r.originalCategory());
        o.set("policy_check", policyCheck);
        o.put("auto_approved", r.status() == RequestStatus.AUTO_APPROVED);
        o.put("budget_remaining", r.status() == RequestStatus.AUTO_APPROVED
                ? Money.plain(remainingBefore - r.amount()) : null);
        o.put("expires_at", r.status() == RequestStatus.PENDING ? Times.wire(r.expiresAt()) : null);
        return o;
    }

    /** The 201 body of a velocity rejection that reuses the window's first rejection (spec §2.5). */
    public static ObjectNode reusedRejection(String requestId, String currency, ResolvedCategory category, Decision decision) {
        ObjectNode o = Json.object();
        o.put("request_id", requestId);
        o.put("status", "rejected");
        o.put("currency", currency);
        o.put("category", category.category());
        o.put("original_category", category.originalCategory());
        o.set("policy_check", policyCheck(decision));
        o.put("auto_approved", false);
        o.putNull("budget_remaining");
        o.putNull("expires_at");
        return o;
    }

    /** The 200 body of the dry run {@code POST /requests/check}. */
    public static ObjectNode dryRun(String currency, ResolvedCategory category, Decision decision, long remaining) {
        ObjectNode o = Json.object();
        o.put("dry_run", true);
        o.put("status", decision.outcome().wire());
        o.put("currency", currency);
        o.put("category", category.category());
        o.put("original_category", category.originalCategory());
        o.set("policy_check", policyCheck(decision));
        o.put("auto_approved", decision.outcome() == Outcome.AUTO_APPROVED);
        o.put("budget_remaining", Money.plain(remaining));
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

    /** The 400 body of a confirm of a request that is not approved (spec §1.6). */
    public static ObjectNode cannotConfirm(PurchaseRequest r) {
        return Json.object().put("detail", "Cannot confirm request with status '" + r.status().wire() + "'");
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
