package dev.purser.functions.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.openapi.OpenApiDocument;
import dev.purser.testing.WithLocalAws;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /openapi.json and /openapi/spec.json through the same in-process front as every route. */
@WithLocalAws
class DiscoveryTest {
    final World world = new World();

    @Test
    void bothPathsServeTheAssembledDocumentWithoutCredentials() {
        for (String path : new String[] {"/openapi.json", "/openapi/spec.json"}) {
            Resp r = world.api.get(path, null);
            assertEquals(200, r.status(), path);
            assertEquals(OpenApiDocument.get().text(), r.body());
            assertEquals("application/json", r.headers().get("content-type"));
            assertEquals("public, max-age=300", r.headers().get("cache-control"));
            assertEquals(OpenApiDocument.get().etag(), r.headers().get("etag"));
            assertEquals("3.1.0", r.json().get("openapi").asText());
        }
    }

    @Test
    void aMatchingEtagIsANotModifiedWithoutBody() {
        String etag = world.api.get("/openapi.json", null).headers().get("etag");
        Resp r = world.api.call("GET", "/openapi.json", null, null, Map.of("if-none-match", etag));
        assertEquals(304, r.status());
        assertEquals("", r.body());
        assertEquals(etag, r.headers().get("etag"));
        Resp stale = world.api.call("GET", "/openapi.json", null, null, Map.of("if-none-match", "\"0000\""));
        assertEquals(200, stale.status());
    }

    @Test
    void aCredentialChangesNothingAndOtherMethodsAre405() {
        // No authentication: even a bad bearer gets the document (and counts as no failed login).
        assertEquals(200, world.api.get("/openapi.json", "agt_not_a_token").status());
        Resp post = world.api.post("/openapi.json", null, "{}");
        assertEquals(405, post.status());
        assertTrue(post.json().has("detail"));
    }
}
