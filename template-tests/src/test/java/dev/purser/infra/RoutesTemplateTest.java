package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RoutesTemplateTest {

    /** Route key → logical id of the alias its integration invokes. */
    private static final Map<String, Object> routeTargets = new HashMap<>();

    @BeforeAll
    static void resolveRouteTargets() {
        Map<String, Map<String, Object>> integrations = resources("AWS::ApiGatewayV2::Integration");
        resources("AWS::ApiGatewayV2::Route").values().forEach(route -> {
            Map<String, Object> props = properties(route);
            // "integrations/" + Ref(integration)
            List<Object> join = list(map(props.get("Target")).get("Fn::Join"));
            String integrationId = (String) map(list(join.get(1)).get(1)).get("Ref");
            Map<String, Object> integration = properties(integrations.get(integrationId));
            routeTargets.put((String) props.get("RouteKey"), integration.get("IntegrationUri"));
        });
    }

    @Test
    void everyRouteOfTheRoutingTableAndDefaultExistAndNothingElse() {
        Set<String> expected = Arrays.stream(Route.values()).map(Route::routeKey).collect(Collectors.toSet());
        expected.add(Route.DEFAULT_ROUTE_KEY);
        assertEquals(expected, routeTargets.keySet());
    }

    @Test
    void eachRouteInvokesTheLiveAliasOfItsFunction() {
        for (Route route : Route.values()) {
            assertEquals(ref(aliasId(route.function())), routeTargets.get(route.routeKey()), route.routeKey());
        }
        assertEquals(ref(aliasId(LambdaFunction.FALLBACK)), routeTargets.get(Route.DEFAULT_ROUTE_KEY));
    }

    @Test
    void shadowPaysSpendPolicyAndApprovalQueueHaveTheirRoutes() {
        // Literal "transactions" next to {agent_id}: API Gateway picks the literal, so both coexist.
        assertEquals(ref(aliasId(LambdaFunction.OWNER_AGENTS)), routeTargets.get("GET /v1/agents/{agent_id}/spend-policy"));
        assertEquals(ref(aliasId(LambdaFunction.OWNER_AGENTS)), routeTargets.get("PATCH /v1/agents/{agent_id}/spend-policy"));
        assertEquals(ref(aliasId(LambdaFunction.REQUEST_REVIEW)), routeTargets.get("GET /v1/agents/transactions/pending"));
        assertEquals(ref(aliasId(LambdaFunction.REQUEST_REVIEW)),
                routeTargets.get("POST /v1/agents/transactions/{transaction_id}/approve"));
        assertEquals(ref(aliasId(LambdaFunction.REQUEST_REVIEW)),
                routeTargets.get("POST /v1/agents/transactions/{transaction_id}/reject"));
    }

    @Test
    void theOpenApiDocumentIsServedByTheDiscoveryFunction() {
        for (String key : List.of("GET /openapi.json", "GET /openapi/spec.json")) {
            assertEquals(ref(aliasId(LambdaFunction.DISCOVERY)), routeTargets.get(key), key);
        }
    }

    @Test
    void integrationsAreLambdaProxiesWithPayloadFormat2() {
        resources("AWS::ApiGatewayV2::Integration").forEach((id, integration) -> {
            assertEquals("AWS_PROXY", properties(integration).get("IntegrationType"), id);
            assertEquals("2.0", properties(integration).get("PayloadFormatVersion"), id);
        });
    }

    @Test
    void theApiIsAnHttpApiWithAnAutoDeployedDefaultStage() {
        resources("AWS::ApiGatewayV2::Api").values().forEach(api ->
                assertEquals("HTTP", properties(api).get("ProtocolType")));
        assertEquals(1, resources("AWS::ApiGatewayV2::Stage").size());
        Map<String, Object> stage = properties(resources("AWS::ApiGatewayV2::Stage").values().iterator().next());
        assertEquals("$default", stage.get("StageName"));
        assertEquals(true, stage.get("AutoDeploy"));
    }

    private static String aliasId(LambdaFunction function) {
        return logicalId(stack().function(function).alias());
    }
}
