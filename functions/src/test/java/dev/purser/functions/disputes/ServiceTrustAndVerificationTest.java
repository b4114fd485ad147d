package dev.purser.functions.disputes;

import static dev.purser.functions.disputes.Parties.error;
import static dev.purser.functions.disputes.Parties.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.services.ServiceStats;
import dev.purser.store.Attr;
import dev.purser.testing.WithLocalAws;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The operator's verified flag (B.1) and the debounced trust score (B.5), with disputes feeding it (B.6). */
@WithLocalAws
class ServiceTrustAndVerificationTest {
    final World world = new World();
    final Parties m = new Parties(world);
    final String tag = UUID.randomUUID().toString().substring(0, 8);

    String register() {
        Resp r = world.api.post("/v1/services", m.payee.token(), "{\"name\": \"Feed " + tag + "\", \"price_per_call\": \"0.05\","
                + " \"endpoint_url\": \"https://feed-" + tag + ".example.com/v1\"}");
        JsonNode s = ok(201, r);
        assertEquals(50, s.get("trust_score").asInt(), s.toString());
        return s.get("id").asText();
    }

    /** What the x402 settlement (another capability) does in its transactions: ADD 1 to a counter. */
    void add(String serviceId, String counter, int times) {
        for (int i = 0; i < times; i++) {
            world.purser.dynamo().transactWriteItems(b -> b.transactItems(
                    ServiceStats.increment(world.purser.table(), serviceId, counter)));
        }
    }

    Map<String, AttributeValue> serviceItem(String id) {
        return world.purser.dynamo().getItem(b -> b.tableName(world.purser.table()).consistentRead(true)
                .key(Attr.key("SERVICE#" + id, "SERVICE"))).item();
    }

    int score(String id) {
        return ok(200, world.api.get("/v1/services/" + id, m.payer.token())).get("trust_score").asInt();
    }

    @Test
    void theOperatorVerifiesAndUnverifies() {
        String id = register();
        JsonNode v = ok(200, world.api.post("/v1/operator/services/" + id + "/verify", m.operatorKey, null));
        assertTrue(v.get("verified").asBoolean());
        assertTrue(ok(200, world.api.get("/v1/services/" + id, m.payer.token())).get("verified").asBoolean());
        // Idempotent; one event per change.
        ok(200, world.api.post("/v1/operator/services/" + id + "/verify", m.operatorKey, null));
        world.clock.advance(Duration.ofSeconds(6)); // past the list cache
        JsonNode verified = ok(200, world.api.get("/v1/services?verified=true&limit=100", m.payer.token()));
        assertTrue(verified.get("services").findValuesAsText("id").contains(id));
        assertFalse(ok(200, world.api.post("/v1/operator/services/" + id + "/unverify", m.operatorKey, null)).get("verified").asBoolean());
        assertEquals(2, Collections.frequency(m.events(m.provider.id()), "service.verified"));
        // Only the operator: owners and agents are told so (403), strangers are 401; unknown services 404.
        for (String key : new String[] {m.provider.ownerKey(), m.payee.token()}) {
            error(403, "forbidden", world.api.post("/v1/operator/services/" + id + "/verify", key, null));
        }
        error(401, "unauthorized", world.api.post("/v1/operator/services/" + id + "/verify", "opk_guess", null));
        error(404, "service_not_found", world.api.post("/v1/operator/services/svc_nope/verify", m.operatorKey, null));
        assertFalse(ok(200, world.api.get("/v1/services/" + id, m.payer.token())).get("verified").asBoolean());
    }

    @Test
    void theScoreIsRecomputedAtMostOncePerMinuteAndOnlyWhenCountersMoved() {
        String id = register();
        assertEquals(50, score(id));
        assertFalse(serviceItem(id).containsKey("trust_at"), "no counters, nothing written");
        add(id, ServiceStats.SETTLED, 20);
        assertEquals(83, score(id)); // (5 + 20) / (10 + 20)
        String first = serviceItem(id).get("trust_at").s();
        // Counters move again within the minute: readers keep the stored score (debounced).
        world.clock.advance(Duration.ofSeconds(10));
        add(id, ServiceStats.BREACHED, 5);
        assertEquals(83, score(id));
        assertEquals(first, serviceItem(id).get("trust_at").s());
        world.clock.advance(Duration.ofSeconds(51));
        assertEquals(71, score(id)); // 25 / 35
        String second = serviceItem(id).get("trust_at").s();
        assertFalse(second.equals(first));
        // Nothing moved: no write however long it has been.
        world.clock.advance(Duration.ofMinutes(5));
        assertEquals(71, score(id));
        assertEquals(second, serviceItem(id).get("trust_at").s());
        // The list shows the same score.
        world.clock.advance(Duration.ofSeconds(6));
        JsonNode list = ok(200, world.api.get("/v1/services?limit=100", m.payer.token()));
        for (JsonNode s : list.get("services")) {
            if (s.get("id").asText().equals(id)) assertEquals(71, s.get("trust_score").asInt());
        }
    }

    @Test
    void disputesFeedTheServiceCounters() {
        String id = register();
        add(id, ServiceStats.SETTLED, 20);
        add(id, ServiceStats.BREACHED, 5);
        String pay = m.pay("0.05");
        // The x402 settlement stores the service on the payment (service_id); disputes read it from the item.
        world.purser.dynamo().updateItem(b -> b.tableName(world.purser.table()).key(Attr.key("PAYMENT#" + pay, "PAYMENT"))
                .updateExpression("SET service_id = :s").expressionAttributeValues(Map.of(":s", Attr.s(id))));
        JsonNode d = ok(201, m.open(m.payer.token(), pay));
        assertEquals(id, d.get("service_id").asText());
        ok(200, m.operator("review", d.get("id").asText(), null));
        ok(200, m.operator("resolve", d.get("id").asText(), "{\"outcome\": \"refunded\"}"));
        var stats = world.purser.dynamo().getItem(b -> b.tableName(world.purser.table()).consistentRead(true)
                .key(Attr.key("SERVICE#" + id, "STATS"))).item();
        assertEquals("1", stats.get("disputed_calls").n());
        assertEquals("1", stats.get("refunded_disputes").n());
        assertEquals("20", stats.get("settled_calls").n());
        // good 20 - 1, bad 5 + 2: (5 + 19) / (10 + 19 + 7) = 66.7
        assertEquals(67, score(id));
        // A payment without a service touches no counters.
        String plain = m.pay("1");
        m.openOk(m.payer.token(), plain);
        assertEquals("1", world.purser.dynamo().getItem(b -> b.tableName(world.purser.table()).consistentRead(true)
                .key(Attr.key("SERVICE#" + id, "STATS"))).item().get("disputed_calls").n());
    }
}
