package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The x402 payment tokens in the stack: routes, the scan's schedule, least privilege, the scan's error alarm. */
class X402TokensTemplateTest {

    @Test
    void everyTokenRouteReachesTheTokensFunction() {
        Set<String> keys = new TreeSet<>();
        resources("AWS::ApiGatewayV2::Route").values().forEach(r -> keys.add((String) properties(r).get("RouteKey")));
        for (Route r : Route.values()) {
            if (r.function() == LambdaFunction.X402_TOKENS) assertTrue(keys.contains(r.routeKey()), r.routeKey());
        }
        assertTrue(keys.contains("POST /v1/services/{service_id}/authorize"));
        assertTrue(keys.contains("DELETE /v1/x402/tokens/{token_id}"));
        assertTrue(keys.contains("GET /v1/x402/requirements"));
    }

    @Test
    void theScanRunsEveryMinuteOnItsLiveAliasWithoutRetries() {
        Object arn = ref(logicalId(stack().function(LambdaFunction.X402_TOKEN_SCAN).alias()));
        List<Map<String, Object>> rules = resources("AWS::Events::Rule").values().stream().map(SynthesizedStack::properties)
                .filter(s -> s.get("ScheduleExpression") != null)
                .filter(s -> list(s.get("Targets")).stream().anyMatch(t -> arn.equals(map(t).get("Arn"))))
                .toList();
        assertEquals(1, rules.size());
        assertEquals("rate(1 minute)", rules.get(0).get("ScheduleExpression"));
        assertEquals(0, ((Number) map(map(list(rules.get(0).get("Targets")).get(0)).get("RetryPolicy")).get("MaximumRetryAttempts")).intValue());
    }

    @Test
    void leastPrivilege() {
        assertEquals(Set.of("logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:GetItem", "dynamodb:Query",
                "dynamodb:PutItem", "dynamodb:UpdateItem"), actionsOf(LambdaFunction.X402_TOKEN_SCAN), "the scan");
        Set<String> api = actionsOf(LambdaFunction.X402_TOKENS);
        assertEquals(Set.of("logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:GetItem", "dynamodb:BatchGetItem",
                "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"), api, "the API");
        assertFalse(api.stream().anyMatch(a -> a.contains("Delete") || a.contains("Scan")));
    }

    @Test
    void scanErrorsAlarmAndNotify() {
        Object fn = ref(logicalId(stack().function(LambdaFunction.X402_TOKEN_SCAN).function()));
        List<Map<String, Object>> alarms = resources("AWS::CloudWatch::Alarm").values().stream().map(SynthesizedStack::properties)
                .filter(a -> "Errors".equals(a.get("MetricName")))
                .filter(a -> list(a.get("Dimensions")).stream().anyMatch(d -> fn.equals(map(d).get("Value"))))
                .toList();
        assertEquals(1, alarms.size(), "one errors alarm on the scan");
        assertEquals(0, ((Number) alarms.get(0).get("Threshold")).intValue());
        assertFalse(list(alarms.get(0).get("AlarmActions")).isEmpty(), "notifies the alarm topic");
    }

}
