package dev.purser.payouts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.time.Times;

/** The JSON shape of a payout; a bank destination shows only the last 4 digits. */
public final class PayoutViews {
    private PayoutViews() {}

    public static ObjectNode payout(Payout p) {
        ObjectNode o = Json.object();
        o.put("id", p.id());
        o.put("object", "payout");
        o.put("status", p.status().wire());
        o.put("amount", Money.plain(p.amount()));
        o.put("currency", p.currency());
        o.put("from_wallet_id", p.walletId());
        o.put("agent_id", p.agentId());
        o.put("destination_type", p.destination().type());
        o.set("destination", Payout.destinationJson(p.destination()));
        o.put("destination_id", p.destinationId());
        o.put("description", p.description());
        o.put("failure_reason", p.failureReason());
        o.put("estimated_arrival", p.estimatedArrival().toString());
        JsonNode check = p.policyCheck() == null ? null : Json.parseTrusted(p.policyCheck());
        // The review request has the payout's id: the owner approves it like any request.
        o.put("review_request_id", check == null ? null : p.id());
        o.put("held_by", heldBy(check));
        o.set("policy_check", check);
        o.put("created_at", Times.wire(p.createdAt()));
        o.put("updated_at", Times.wire(p.updatedAt()));
        o.put("completed_at", Times.wire(p.completedAt()));
        return o;
    }

    /** The rule of the first check that did not pass (what held or refused the payout), or null. */
    public static String heldBy(JsonNode policyCheck) {
        if (policyCheck == null) return null;
        for (JsonNode c : policyCheck.path("checks")) {
            if ("fail".equals(c.path("result").asText())) return c.path("rule").asText();
        }
        return null;
    }
}
