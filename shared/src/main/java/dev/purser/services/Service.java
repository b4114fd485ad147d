package dev.purser.services;

import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.numOrNull;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.store.Attr;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A pay-per-call service a provider agent offers in the deployment's marketplace.
 *
 * @param pricePerCall minor units of {@code currency}
 * @param maxLatencyMs SLA: the call must complete this long after it started, or null
 * @param completionWindowSeconds SLA alternative for long calls, or null
 * @param verified set by the deployment's operator only
 */
public record Service(String id, String name, String slug, String description, long pricePerCall, String currency,
                      String category, String endpointUrl, Long maxLatencyMs, Long completionWindowSeconds,
                      boolean verified, String providerAgentId, String providerAccountId, Instant createdAt,
                      int trustScore, long trustBasis, Instant trustAt) {

    /** A new service: not verified, the neutral trust score, never scored. */
    public Service(String id, String name, String slug, String description, long pricePerCall, String currency,
                   String category, String endpointUrl, Long maxLatencyMs, Long completionWindowSeconds,
                   boolean verified, String providerAgentId, String providerAccountId, Instant createdAt) {
        this(id, name, slug, description, pricePerCall, currency, category, endpointUrl, maxLatencyMs,
                completionWindowSeconds, verified, providerAgentId, providerAccountId, createdAt, TrustScore.NEUTRAL, 0, null);
    }

    /** This service with a recomputed trust score (see {@link ServiceStats}). */
    public Service withTrust(int score, long basis, Instant at) {
        return new Service(id, name, slug, description, pricePerCall, currency, category, endpointUrl, maxLatencyMs,
                completionWindowSeconds, verified, providerAgentId, providerAccountId, createdAt, score, basis, at);
    }

    public Service withVerified(boolean v) {
        return new Service(id, name, slug, description, pricePerCall, currency, category, endpointUrl, maxLatencyMs,
                completionWindowSeconds, v, providerAgentId, providerAccountId, createdAt, trustScore, trustBasis, trustAt);
    }

    public ObjectNode view() {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("name", name);
        o.put("slug", slug);
        o.put("description", description);
        o.put("price_per_call", Money.plain(pricePerCall));
        o.put("currency", currency);
        o.put("category", category);
        o.put("endpoint_url", endpointUrl);
        if (maxLatencyMs == null && completionWindowSeconds == null) {
            o.putNull("sla");
        } else {
            ObjectNode sla = o.putObject("sla");
            sla.put("max_latency_ms", maxLatencyMs);
            sla.put("completion_window_seconds", completionWindowSeconds);
        }
        o.put("verified", verified);
        o.put("trust_score", trustScore);
        o.put("status", "active");
        o.put("provider_agent_id", providerAgentId);
        o.put("created_at", Times.wire(createdAt));
        return o;
    }

    static Service fromItem(Map<String, AttributeValue> item) {
        return new Service(str(item, "service_id"), str(item, "name"), str(item, "slug"), str(item, "description"),
                num(item, "price_per_call"), str(item, "currency"), str(item, "category"), str(item, "endpoint_url"),
                numOrNull(item, "max_latency_ms"), numOrNull(item, "completion_window_seconds"),
                Attr.flag(item, "verified"), str(item, "provider_agent_id"), str(item, "provider_account_id"),
                Times.parse(str(item, "created_at")),
                item.containsKey("trust_score") ? (int) num(item, "trust_score") : TrustScore.NEUTRAL,
                num(item, "trust_basis"), Times.parse(str(item, "trust_at")));
    }
}
