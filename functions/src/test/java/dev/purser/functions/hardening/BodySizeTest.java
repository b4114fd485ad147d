package dev.purser.functions.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.InProcessApi;
import dev.purser.functions.support.World;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Limits;
import dev.purser.json.Json;
import dev.purser.testing.WithLocalAws;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Lambda path refuses a body over the edge's bound by its size (issue 23): 413
 * {@code body_too_large} with a detail on every function, and a base64-encoded body far over the
 * bound is refused without being decoded. The local front answers the same (PolicyLimitsOverHttpTest).
 */
@WithLocalAws
class BodySizeTest {
    final World world = new World();

    static void tooLarge(int status, String body) {
        assertEquals(413, status, body);
        JsonNode j = Json.parseTrusted(body);
        assertEquals("body_too_large", j.path("code").asText(), body);
        assertFalse(j.path("detail").asText().isBlank(), body);
    }

    @Test
    void everyFunctionAnswers413BodyTooLarge() {
        var agent = world.agent(world.account(), 100, null);
        String big = "{\"x\": \"" + "x".repeat(Limits.BODY_BYTES) + "\"}";
        for (String path : new String[] {"/api/v1/agent-api/requests", "/v1/payouts", "/v1/payments", "/v1/spend-guard/estimate",
                "/v1/account/payout-destinations"}) {
            var r = world.api.call("POST", path, agent.token(), big, Map.of());
            tooLarge(r.status(), r.body());
        }
    }

    @Test
    void aHugeBase64BodyIsRefusedWithoutBeingDecoded() {
        var agent = world.agent(world.account(), 100, null);
        byte[] raw = new byte[4 * 1024 * 1024];
        java.util.Arrays.fill(raw, (byte) 'x');
        APIGatewayV2HTTPEvent event = InProcessApi.event("POST", "/api/v1/agent-api/requests", null,
                Map.of("authorization", "Bearer " + agent.token(), "content-type", "application/json"),
                Base64.getEncoder().encodeToString(raw), "127.0.0.1");
        event.setIsBase64Encoded(true);
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = world.handlers.get(LambdaFunction.CREATE_REQUEST);
        APIGatewayV2HTTPResponse r = handler.handleRequest(event, null);
        tooLarge(r.getStatusCode(), r.getBody());
        // Just under the bound, encoded, still decodes and is read as usual.
        APIGatewayV2HTTPEvent small = InProcessApi.event("POST", "/api/v1/agent-api/requests", null,
                Map.of("authorization", "Bearer " + agent.token(), "content-type", "application/json"),
                Base64.getEncoder().encodeToString("{\"amount\": 1, \"category\": \"gas\"}".getBytes(StandardCharsets.UTF_8)), "127.0.0.1");
        small.setIsBase64Encoded(true);
        assertEquals(201, handler.handleRequest(small, null).getStatusCode());
    }
}
