package dev.purser.functions.x402;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The marketplace registry (issue 13 part B.1) on DynamoDB Local. */
@WithLocalAws
class ServicesRegistryTest {
    final World world = new World();
    final World.TestAgent provider = world.agent(world.account(), 10, null);
    final World.TestAgent consumer = world.agent(world.account(), 10, null);
    final String tag = UUID.randomUUID().toString().substring(0, 8);

    String body(String name, String extra) {
        return "{\"name\": \"" + name + "\", \"description\": \"weather\", \"price_per_call\": \"0.05\", \"category\": \"api\","
                + " \"endpoint_url\": \"https://" + name.toLowerCase().replace(' ', '-') + ".example.com/v1\"" + extra + "}";
    }

    Resp register(String body) {
        return world.api.post("/v1/services", provider.token(), body);
    }

    @Test
    void registerGetAndList() {
        Resp r = register(body("Weather " + tag, ", \"sla\": {\"max_latency_ms\": 2000}, \"category\": \"Data Feeds\""));
        assertEquals(201, r.status(), r.toString());
        JsonNode s = r.json();
        String id = s.get("id").asText();
        assertTrue(id.startsWith("svc_"));
        assertEquals("weather-" + tag, s.get("slug").asText());
        assertEquals("0.05", s.get("price_per_call").asText());
        assertEquals("USD", s.get("currency").asText());
        assertEquals("data_feeds", s.get("category").asText());
        assertEquals(2000, s.get("sla").get("max_latency_ms").asInt());
        assertFalse(s.get("verified").asBoolean());
        assertEquals(provider.id(), s.get("provider_agent_id").asText());

        assertEquals(s, world.api.get("/v1/services/" + id, consumer.token()).json());
        // An id beyond the edge's path-parameter bound is refused there (docs/limits.md).
        assertEquals(400, world.api.get("/v1/services/" + "x".repeat(3000), consumer.token()).status());
        Resp longUrl = register(body("Long " + tag, "").replace("/v1\"", "/" + "é".repeat(1900) + "\""));
        assertEquals(201, longUrl.status(), longUrl.toString());
        Resp missing = world.api.get("/v1/services/svc_nope", consumer.token());
        assertEquals(404, missing.status());
        assertEquals("service_not_found", missing.json().get("code").asText());

        JsonNode page = world.api.get("/v1/services?category=data_feeds&verified=false&limit=1000", consumer.token()).json();
        assertEquals(100, page.get("limit").asInt());
        assertTrue(page.get("services").findValuesAsText("id").contains(id));
        JsonNode verifiedOnly = world.api.get("/v1/services?verified=true&category=data_feeds", consumer.token()).json();
        assertFalse(verifiedOnly.get("services").findValuesAsText("id").contains(id));
        assertEquals(20, world.api.get("/v1/services", consumer.token()).json().get("limit").asInt());
        assertEquals(422, world.api.get("/v1/services?offset=-1", consumer.token()).status());
        assertEquals(422, world.api.get("/v1/services?verified=maybe", consumer.token()).status());
        assertEquals(401, world.api.get("/v1/services", null).status());
        assertEquals(401, world.api.get("/v1/services/" + id, "agt_nope").status());
    }

    @Test
    void namesSlugsAndUrlsAreUnique() {
        assertEquals(201, register(body("Geo " + tag, "")).status());
        Resp sameName = register(body("GEO " + tag, ", \"slug\": \"other-" + tag + "\"").replace("https://geo", "https://x-geo"));
        assertEquals(409, sameName.status(), sameName.toString());
        assertEquals("name", sameName.json().get("field").asText());
        Resp sameSlug = register(body("Other " + tag, ", \"slug\": \"geo-" + tag + "\""));
        assertEquals("slug", sameSlug.json().get("field").asText());
        Resp sameUrl = register(body("Third " + tag, "").replace("third-" + tag, "geo-" + tag));
        assertEquals("endpoint_url", sameUrl.json().get("field").asText());
        // A refused registration claimed nothing: the third name is still free.
        assertEquals(201, register(body("Third " + tag, "")).status());
    }

    @Test
    void validation() {
        String[][] cases = {
                {"{}", "name"},
                {body("A " + tag, "").replace("\"0.05\"", "0"), "price_per_call"},
                {body("A " + tag, "").replace("\"0.05\"", "\"0.001\""), "price_per_call"},
                {body("A " + tag, ", \"slug\": \"Bad Slug\""), "slug"},
                {body("A " + tag, ", \"currency\": \"XXX\""), "currency"},
                {body("A " + tag, ", \"sla\": {}"), "sla"},
                {body("A " + tag, ", \"sla\": {\"max_latency_ms\": 0}"), "sla.max_latency_ms"},
                {body("A " + tag, "").replace("https://", "ftp://"), "endpoint_url"},
        };
        for (String[] c : cases) {
            Resp r = register(c[0]);
            assertEquals(422, r.status(), c[0] + " -> " + r);
            assertEquals(c[1], r.json().get("field").asText(), r.toString());
        }
        assertEquals(401, world.api.post("/v1/services", null, "{}").status());
    }

    @Test
    void theListIsCachedAtMostFiveSecondsPerContainer() {
        world.api.get("/v1/services", consumer.token());
        // Registered through another container (its own handlers): this one sees it within 5 s.
        World other = new World(world.clock.instant());
        Resp r = other.api.post("/v1/services", provider.token(), body("Cache " + tag, ""));
        assertEquals(201, r.status(), r.toString());
        String id = r.json().get("id").asText();
        world.clock.advance(Duration.ofSeconds(4));
        assertFalse(world.api.get("/v1/services?limit=100", consumer.token()).json().get("services").findValuesAsText("id").contains(id));
        world.clock.advance(Duration.ofSeconds(2));
        assertTrue(world.api.get("/v1/services?limit=100", consumer.token()).json().get("services").findValuesAsText("id").contains(id));
    }
}
