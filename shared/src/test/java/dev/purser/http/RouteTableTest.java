package dev.purser.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A route without code fails when the table is built (container init), not when a user calls it. */
class RouteTableTest {
    static final RouteTable.Endpoint<Void> OK = (none, request) -> HttpResponse.detail(200, "ok");

    @Test
    void aTableMissingARouteOfItsFunctionDoesNotBuild() {
        var builder = RouteTable.<Void>of(LambdaFunction.REQUEST_READS)
                .on(Route.AGENT_LIST_REQUESTS, OK)
                .on(Route.AGENT_GET_REQUEST, OK)
                .on(Route.AGENT_GET_BUDGET, OK)
                .on(Route.AGENT_GET_POLICY, OK);
        var e = assertThrows(IllegalStateException.class, builder::build);
        assertTrue(e.getMessage().contains("AGENT_GET_CATEGORIES"), e.getMessage());
        builder.on(Route.AGENT_GET_CATEGORIES, OK).build();
    }

    @Test
    void aRouteOfAnotherFunctionOrTwiceIsRefused() {
        var builder = RouteTable.<Void>of(LambdaFunction.REQUEST_READS).on(Route.AGENT_LIST_REQUESTS, OK);
        assertThrows(IllegalStateException.class, () -> builder.on(Route.AGENT_CREATE_REQUEST, OK));
        assertThrows(IllegalStateException.class, () -> builder.on(Route.AGENT_LIST_REQUESTS, OK));
    }

    @Test
    void aRequestForNoRouteOfTheTableGetsTheFrameworkAnswer() {
        var table = RouteTable.<Void>of(LambdaFunction.CONFIRM_REQUEST).on(Route.AGENT_CONFIRM_REQUEST, OK).build();
        var request = new HttpRequest(null, "GET", "/nowhere", Map.of(), Map.of(), Map.of(), null, "127.0.0.1");
        assertEquals(404, table.serve(null, request).status());
        var served = new HttpRequest(Route.AGENT_CONFIRM_REQUEST, "POST", "/api/v1/agent-api/requests/x/confirm",
                Map.of("request_id", "x"), Map.of(), Map.of(), null, "127.0.0.1");
        assertEquals(200, table.serve(null, served).status());
    }
}
