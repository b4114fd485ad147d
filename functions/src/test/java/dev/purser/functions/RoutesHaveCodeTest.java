package dev.purser.functions;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.http.Route;
import dev.purser.testing.WithLocalAws;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every entry of the routing table reaches code: each route, called as API Gateway would call it
 * (no credentials), gets an answer from its endpoint (401, 422, ...), never the framework's
 * 404/405 nor a 500. A route added without code fails here (and the function's route table
 * refuses to build, so {@link World} itself cannot start).
 */
@WithLocalAws
class RoutesHaveCodeTest {
    static final Set<String> FRAMEWORK = Set.of("Not Found", "Method Not Allowed", "Internal server error");

    final World world = new World();

    @Test
    void everyRouteIsServedByItsOwnCode() {
        for (Route route : Route.values()) {
            // Served by another module's jar (POST /mcp): the local runtime's McpHttpTest covers it.
            if (route.function().artifact() != dev.purser.http.LambdaFunction.Artifact.FUNCTIONS) continue;
            String path = route.path().replaceAll("\\{[^}]+}", "x");
            String body = Set.of("POST", "PUT", "PATCH").contains(route.method()) ? "{}" : null;
            Resp r = world.api.call(route.method(), path, null, body, Map.of());
            assertNotEquals(500, r.status(), route + ": " + r);
            boolean json = r.headers().getOrDefault("content-type", "").startsWith("application/json");
            String detail = json && !r.body().isEmpty() ? r.json().path("detail").asText("") : "";
            assertTrue(!FRAMEWORK.contains(detail), route + " has no code: " + r);
        }
    }
}
