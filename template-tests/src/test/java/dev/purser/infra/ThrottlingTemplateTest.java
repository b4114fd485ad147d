package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP API's stage throttling (docs/limits.md): every route, rate and burst pinned. */
class ThrottlingTemplateTest {

    @Test
    void theDefaultStageThrottlesEveryRoute() {
        assertEquals(1, resources("AWS::ApiGatewayV2::Stage").size());
        Map<String, Object> stage = properties(resources("AWS::ApiGatewayV2::Stage").values().iterator().next());
        Map<String, Object> settings = map(stage.get("DefaultRouteSettings"));
        assertNotNull(settings, "DefaultRouteSettings");
        assertEquals(200, ((Number) settings.get("ThrottlingRateLimit")).intValue());
        assertEquals(400, ((Number) settings.get("ThrottlingBurstLimit")).intValue());
    }

    @Test
    void noRouteOverridesTheThrottleUpwards() {
        Map<String, Object> stage = properties(resources("AWS::ApiGatewayV2::Stage").values().iterator().next());
        assertEquals(null, stage.get("RouteSettings"), "per-route settings would bypass the default throttle");
    }
}
