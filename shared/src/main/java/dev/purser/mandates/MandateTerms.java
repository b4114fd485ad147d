package dev.purser.mandates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.List;

/**
 * An agent's standing authority (after AP2's mandates): which actions, how much per use and in
 * total, in which currencies, to which payees and categories, when, and above which amount a human
 * must still approve. Amounts in minor units; null means "no restriction" for optional terms.
 *
 * @param payees merchant patterns ({@code *.example.com} wildcards), empty = any
 * @param categories empty = any
 */
public record MandateTerms(
        String agentId,
        List<String> actions,
        Long perUseLimit,
        Long totalLimit,
        List<String> currencies,
        List<String> payees,
        List<String> categories,
        Instant validFrom,
        Instant validUntil,
        Long approvalThreshold,
        String description) {

    public static final List<String> ACTIONS = List.of("payment", "payout", "x402");

    public MandateTerms {
        actions = List.copyOf(actions.stream().sorted().distinct().toList());
        currencies = List.copyOf(currencies.stream().sorted().distinct().toList());
        payees = List.copyOf(payees.stream().sorted().distinct().toList());
        categories = List.copyOf(categories.stream().sorted().distinct().toList());
    }

    public boolean validAt(Instant t) {
        return (validFrom == null || !t.isBefore(validFrom)) && (validUntil == null || t.isBefore(validUntil));
    }

    /** The terms as JSON (wire amounts as decimal strings); the signed document adds the identity. */
    public ObjectNode view() {
        ObjectNode o = Json.object();
        o.put("agent", agentId);
        o.set("actions", array(actions));
        o.put("per_use_limit", perUseLimit == null ? null : Money.plain(perUseLimit));
        o.put("total_limit", totalLimit == null ? null : Money.plain(totalLimit));
        o.set("currencies", array(currencies));
        o.set("payees", array(payees));
        o.set("categories", array(categories));
        o.put("valid_from", validFrom == null ? null : Times.wire(validFrom));
        o.put("valid_until", validUntil == null ? null : Times.wire(validUntil));
        o.put("approval_threshold", approvalThreshold == null ? null : Money.plain(approvalThreshold));
        o.put("description", description);
        return o;
    }

    /** Stored form: minor units as integers, times as stored strings. */
    public String toStored() {
        ObjectNode o = Json.object();
        o.put("agent", agentId);
        o.set("actions", array(actions));
        if (perUseLimit != null) o.put("per_use", perUseLimit);
        if (totalLimit != null) o.put("total", totalLimit);
        o.set("currencies", array(currencies));
        o.set("payees", array(payees));
        o.set("categories", array(categories));
        if (validFrom != null) o.put("from", Times.stored(validFrom));
        if (validUntil != null) o.put("until", Times.stored(validUntil));
        if (approvalThreshold != null) o.put("threshold", approvalThreshold);
        if (description != null) o.put("description", description);
        return Json.write(o);
    }

    public static MandateTerms fromStored(String text) {
        JsonNode n = Json.parseTrusted(text);
        return new MandateTerms(n.path("agent").asText(), list(n.path("actions")),
                n.has("per_use") ? n.get("per_use").asLong() : null, n.has("total") ? n.get("total").asLong() : null,
                list(n.path("currencies")), list(n.path("payees")), list(n.path("categories")),
                n.has("from") ? Times.parse(n.get("from").asText()) : null,
                n.has("until") ? Times.parse(n.get("until").asText()) : null,
                n.has("threshold") ? n.get("threshold").asLong() : null,
                n.has("description") ? n.get("description").asText() : null);
    }

    private static List<String> list(JsonNode a) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode a = Json.array();
        values.forEach(a::add);
        return a;
    }
}
