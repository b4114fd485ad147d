package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.purser.config.LambdaJvmOptions;
import dev.purser.http.LambdaFunction;
import dev.purser.observe.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

class ObservabilityTemplateTest {

    @ParameterizedTest
    @EnumSource(LambdaFunction.class)
    void everyFunctionRunsTheMeasuredJvmOptionsAndPowertoolsSettings(LambdaFunction definition) {
        Map<String, Object> variables = variables(definition);
        // Pinned literally: changing the options must change this test and docs/cold-start.md.
        assertEquals("-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto",
                variables.get("JAVA_TOOL_OPTIONS"));
        assertEquals(LambdaJvmOptions.JAVA_TOOL_OPTIONS, variables.get("JAVA_TOOL_OPTIONS"), "the bench's constant");
        assertEquals("purser", variables.get("POWERTOOLS_SERVICE_NAME"));
        assertEquals("Purser", variables.get("POWERTOOLS_METRICS_NAMESPACE"));
    }

    @ParameterizedTest
    @EnumSource(LambdaFunction.class)
    void tracingIsOffByDefault(LambdaFunction definition) {
        assertNull(functionProperties(definition).get("TracingConfig"));
    }

    @Test
    void theTracingContextFlagTurnsXRayOnForEveryFunctionWithItsPermissions() {
        App app = App.Builder.create().context(Map.of(Observability.TRACING_CONTEXT, "true")).build();
        PurserStack traced = new PurserStack(app, "PurserTraced", StackProps.builder().build(), FunctionsJar.locate());
        // Functions live in the capability stacks (CapabilityStack): look at every template.
        List<Template> templates = new ArrayList<>(List.of(Template.fromStack(traced)));
        traced.capabilities().values().forEach(nested -> templates.add(Template.fromStack(nested)));
        // Ours only: CDK's BucketDeployment function (the console's files) is not a Purser function.
        var functions = templates.stream().flatMap(t -> t.findResources("AWS::Lambda::Function").values().stream())
                .filter(f -> !"index.handler".equals(properties(f).get("Handler"))).toList();
        assertEquals(LambdaFunction.values().length, functions.size());
        functions.forEach(f -> assertEquals(Map.of("Mode", "Active"), properties(f).get("TracingConfig")));
        String policies = templates.stream().map(t -> t.findResources("AWS::IAM::Policy").toString()).toList().toString();
        assertTrue(policies.contains("xray:PutTraceSegments"));
    }

    @Test
    void decisionP99LatencyAlarmReadsTheMetricTheFunctionsEmit() {
        Map<String, Object> alarm = alarmWithMetric(MetricNames.DECISION_LATENCY);
        assertEquals(MetricNames.NAMESPACE, alarm.get("Namespace"));
        assertEquals("p99", alarm.get("ExtendedStatistic"));
        assertEquals(1000, ((Number) alarm.get("Threshold")).intValue());
        assertEquals(3, ((Number) alarm.get("EvaluationPeriods")).intValue());
        assertEquals("GreaterThanThreshold", alarm.get("ComparisonOperator"));
        assertEquals(java.util.List.of(Map.of("Name", "service", "Value", "purser")), alarm.get("Dimensions"));
        assertFalse(list(alarm.get("AlarmActions")).isEmpty(), "notifies the alarm topic");
    }

    @Test
    void api5xxAlarmOnAnyServerError() {
        Map<String, Object> alarm = alarmWithMetric("5xx");
        assertEquals("AWS/ApiGateway", alarm.get("Namespace"));
        assertEquals("Sum", alarm.get("Statistic"));
        assertEquals(0, ((Number) alarm.get("Threshold")).intValue());
        assertFalse(list(alarm.get("AlarmActions")).isEmpty());
    }

    @Test
    void oneDashboardGraphsDecisionsLatencyRoundTripsSweepsAndWebhooks() throws Exception {
        Map<String, Map<String, Object>> dashboards = resources("AWS::CloudWatch::Dashboard");
        assertEquals(1, dashboards.size());
        String body = new ObjectMapper().writeValueAsString(properties(dashboards.values().iterator().next()).get("DashboardBody"));
        for (String metric : new String[] {MetricNames.DECISIONS_AUTO_APPROVED, MetricNames.DECISIONS_PENDING,
                MetricNames.DECISIONS_REJECTED, MetricNames.DECISION_LATENCY, MetricNames.DECISION_ROUND_TRIPS,
                MetricNames.DECISION_LOST_RACES, MetricNames.SWEEP_EXPIRED, MetricNames.WEBHOOK_ATTEMPTS,
                MetricNames.WEBHOOK_FAILURES, MetricNames.WEBHOOK_LATENCY, MetricNames.SLA_SCAN_EXAMINED,
                MetricNames.SLA_SCAN_EXPIRED, MetricNames.SLA_SCAN_BREACHED}) {
            assertTrue(body.contains(metric), metric + " is on the dashboard");
        }
    }

    private static Map<String, Object> alarmWithMetric(String metricName) {
        return resources("AWS::CloudWatch::Alarm").values().stream()
                .map(SynthesizedStack::properties)
                .filter(p -> metricName.equals(p.get("MetricName")))
                .findFirst().orElseThrow(() -> new AssertionError("no alarm on " + metricName));
    }

    private static Map<String, Object> variables(LambdaFunction definition) {
        return map(map(functionProperties(definition).get("Environment")).get("Variables"));
    }

    private static Map<String, Object> functionProperties(LambdaFunction definition) {
        return properties(resources("AWS::Lambda::Function").get(logicalId(stack().function(definition).function())));
    }
}
