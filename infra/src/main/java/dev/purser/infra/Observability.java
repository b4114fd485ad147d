package dev.purser.infra;

import dev.purser.config.LambdaJvmOptions;
import dev.purser.http.LambdaFunction;
import dev.purser.observe.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * What operators see: the functions' JVM and Powertools settings, the decision-latency and 5xx
 * alarms, one CloudWatch dashboard over the metrics the functions emit ({@link MetricNames}), and
 * X-Ray tracing when the {@value #TRACING_CONTEXT} context flag is {@code true} (off by default:
 * every trace costs money and the metrics and alarms cover the common questions).
 */
public final class Observability extends Construct {
    public static final String TRACING_CONTEXT = "purser:tracing";
    /** A decision's p99 above this for {@value #LATENCY_PERIODS} consecutive 5-minute periods alarms. */
    static final int DECISION_P99_MS = 1000;
    static final int LATENCY_PERIODS = 3;
    static final Duration PERIOD = Duration.minutes(5);

    /** Every function's environment: JVM options (one constant, shared with the bench) and Powertools. */
    public static Map<String, String> environment() {
        return Map.of(
                "JAVA_TOOL_OPTIONS", LambdaJvmOptions.JAVA_TOOL_OPTIONS,
                "POWERTOOLS_SERVICE_NAME", MetricNames.SERVICE,
                "POWERTOOLS_METRICS_NAMESPACE", MetricNames.NAMESPACE);
    }

    public Observability(Construct scope, String id, Map<LambdaFunction, PurserFunction> functions,
                         HttpApi api, ITopic alarmTopic) {
        super(scope, id);
        boolean tracing = "true".equals(String.valueOf(scope.getNode().tryGetContext(TRACING_CONTEXT)));
        if (tracing) functions.values().forEach(Observability::trace);

        alarm("DecisionLatencyP99Alarm", "Decisions: p99 latency above " + DECISION_P99_MS + " ms for 15 minutes",
                purser(MetricNames.DECISION_LATENCY, "p99"), DECISION_P99_MS, LATENCY_PERIODS, alarmTopic);
        alarm("Api5xxAlarm", "HTTP API answered 5xx", api.metricServerError(sum()), 0, 1, alarmTopic);

        Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(scope.getNode().getId().toLowerCase(java.util.Locale.ROOT) + "-operations")
                .widgets(List.of(
                        List.of(graph("Decisions by outcome", purser(MetricNames.DECISIONS_AUTO_APPROVED, "Sum"),
                                        purser(MetricNames.DECISIONS_PENDING, "Sum"), purser(MetricNames.DECISIONS_REJECTED, "Sum")),
                                graph("Decision latency (ms)", purser(MetricNames.DECISION_LATENCY, "p50"),
                                        purser(MetricNames.DECISION_LATENCY, "p99"))),
                        List.of(graph("DynamoDB round trips and lost races per decision",
                                        purser(MetricNames.DECISION_ROUND_TRIPS, "Average"),
                                        purser(MetricNames.DECISION_LOST_RACES, "Average"),
                                        purser(MetricNames.DECISION_LOST_RACES, "Sum")),
                                graph("API errors", api.metricServerError(sum()), api.metricClientError(sum()),
                                        purser(MetricNames.API_5XX, "Sum"))),
                        List.of(graph("Expiry sweep", purser(MetricNames.SWEEP_EXAMINED, "Sum"),
                                        purser(MetricNames.SWEEP_EXPIRED, "Sum")),
                                graph("Webhook deliveries", purser(MetricNames.WEBHOOK_ATTEMPTS, "Sum"),
                                        purser(MetricNames.WEBHOOK_FAILURES, "Sum"),
                                        purser(MetricNames.WEBHOOK_LATENCY, "p99"))),
                        List.of(graph("x402 SLA scan", purser(MetricNames.SLA_SCAN_EXAMINED, "Sum"),
                                        purser(MetricNames.SLA_SCAN_EXPIRED, "Sum"),
                                        purser(MetricNames.SLA_SCAN_BREACHED, "Sum")))))
                .build();
    }

    private static void trace(PurserFunction f) {
        ((CfnFunction) f.function().getNode().getDefaultChild())
                .setTracingConfig(CfnFunction.TracingConfigProperty.builder().mode("Active").build());
        // X-Ray accepts segments only for "*": the actions have no resource-level permissions.
        f.function().getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"))
                .resources(List.of("*")).build());
    }

    private void alarm(String id, String description, IMetric metric, double threshold, int periods, ITopic topic) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(periods)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
    }

    static Metric purser(String name, String statistic) {
        return Metric.Builder.create()
                .namespace(MetricNames.NAMESPACE)
                .metricName(name)
                .dimensionsMap(Map.of(MetricNames.SERVICE_DIMENSION, MetricNames.SERVICE))
                .statistic(statistic)
                .period(PERIOD)
                .build();
    }

    private static IWidget graph(String title, IMetric... metrics) {
        return GraphWidget.Builder.create().title(title).width(12).left(new ArrayList<>(List.of(metrics))).build();
    }

    private static MetricOptions sum() {
        return MetricOptions.builder().period(PERIOD).statistic("Sum").build();
    }
}
