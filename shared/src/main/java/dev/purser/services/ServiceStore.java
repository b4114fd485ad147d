package dev.purser.services;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import dev.purser.auth.Secrets;
import dev.purser.commit.Commit;
import dev.purser.commit.CommitOutcome;
import dev.purser.events.EventType;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Services and their uniqueness claims. A registration is ONE transaction: the service item, a
 * claim on its name (case-insensitive), on its slug and on its endpoint URL (so
 * {@code /v1/x402/requirements?resource=} finds one service), and the {@code service.registered}
 * event. The catalogue is one GSI partition ({@code SERVICES}), newest first.
 */
public final class ServiceStore {
    static final String CATALOGUE = "SERVICES";

    private final DynamoDbClient dynamo;
    private final String table;

    public ServiceStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** How a registration ended. */
    public sealed interface Created {
        record Done(Service service) implements Created {}

        /** {@code field} is {@code name}, {@code slug} or {@code endpoint_url}. */
        record Taken(String field) implements Created {}
    }

    static String pk(String id) { return "SERVICE#" + id; }

    /** The counters and trust score of the services of this store. */
    public ServiceStats stats() { return new ServiceStats(dynamo, table); }

    static Map<String, AttributeValue> claim(String kind, String value) {
        return Map.of(TableDefinition.PK, s("SERVICECLAIM#" + kind + "#" + value), TableDefinition.SK, s("CLAIM"));
    }

    public Created create(Service sv, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(pk(sv.id())));
        item.put(TableDefinition.SK, s("SERVICE"));
        item.put(TableDefinition.GSI1_PK, s(CATALOGUE));
        item.put(TableDefinition.GSI1_SK, s(Times.stored(now) + "#" + sv.id()));
        item.put("service_id", s(sv.id()));
        item.put("name", s(sv.name()));
        item.put("slug", s(sv.slug()));
        if (sv.description() != null) item.put("description", s(sv.description()));
        item.put("price_per_call", n(sv.pricePerCall()));
        item.put("currency", s(sv.currency()));
        item.put("category", s(sv.category()));
        item.put("endpoint_url", s(sv.endpointUrl()));
        if (sv.maxLatencyMs() != null) item.put("max_latency_ms", n(sv.maxLatencyMs()));
        if (sv.completionWindowSeconds() != null) item.put("completion_window_seconds", n(sv.completionWindowSeconds()));
        item.put("verified", AttributeValue.fromBool(false));
        item.put("provider_agent_id", s(sv.providerAgentId()));
        item.put("provider_account_id", s(sv.providerAccountId()));
        item.put("created_at", s(Times.stored(now)));
        CommitOutcome r = Commit.in(table)
                .putNew("service", item)
                .putNew("name", withId(claim("NAME", sv.name().toLowerCase(Locale.ROOT)), sv.id()))
                .putNew("slug", withId(claim("SLUG", sv.slug()), sv.id()))
                .putNew("endpoint_url", withId(claim("URL", urlKey(sv.endpointUrl())), sv.id()))
                .event(EventType.SERVICE_REGISTERED, sv.providerAccountId(), sv.view(), now)
                .run(dynamo);
        if (r.committed()) return new Created.Done(sv);
        if (r instanceof CommitOutcome.ConditionFailed f && !"service".equals(f.label())) return new Created.Taken(f.label());
        throw new IllegalStateException("service registration did not commit: " + r);
    }

    /** URLs may be longer than a key may be (2048 bytes): their claim is keyed by SHA-256. */
    static String urlKey(String url) {
        return Secrets.sha256Hex(url);
    }

    private static Map<String, AttributeValue> withId(Map<String, AttributeValue> claim, String id) {
        Map<String, AttributeValue> m = new HashMap<>(claim);
        m.put("service_id", s(id));
        return m;
    }

    public Optional<Service> get(String id) {
        // Ids are svc_ + 32 hex; anything much longer cannot exist (and must not reach a key).
        if (id == null || id.length() > 100) return Optional.empty();
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(pk(id), "SERVICE"))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Service.fromItem(item));
    }

    /** The service registered at exactly this endpoint URL. */
    public Optional<Service> byEndpoint(String url) {
        var claim = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(claim("URL", urlKey(url)))).item();
        if (claim == null || claim.isEmpty()) return Optional.empty();
        return get(claim.get("service_id").s());
    }

    /** The whole catalogue, newest first (callers cache it briefly). */
    public List<Service> all() {
        List<Service> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.query(b -> {
                b.tableName(table).indexName(TableDefinition.GSI1).scanIndexForward(false)
                        .keyConditionExpression("#p = :p")
                        .expressionAttributeNames(Map.of("#p", TableDefinition.GSI1_PK))
                        .expressionAttributeValues(Map.of(":p", s(CATALOGUE)));
                if (from != null) b.exclusiveStartKey(from);
            });
            for (var item : page.items()) out.add(Service.fromItem(item));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }
}
