package dev.purser.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Alarms that each mean "something was lost or refused": a message in a dead-letter queue, a
 * function error, a throttle. Any occurrence alarms (threshold: more than zero), and every alarm
 * notifies one SNS topic operators subscribe to.
 */
public final class Alarms extends Construct {

    static final Duration PERIOD = Duration.minutes(5);

    private final Topic topic;

    public Alarms(Construct scope, String id) {
        super(scope, id);
        // Publishing only over TLS (a topic policy denies aws:SecureTransport=false).
        topic = Topic.Builder.create(this, "Topic").displayName("Purser alarms").enforceSsl(true).build();
    }

    public Topic topic() { return topic; }

    public void onDeadLetters(String id, IQueue deadLetterQueue) {
        anyOccurrence(id + "Alarm", id + ": messages are waiting in a dead-letter queue",
                deadLetterQueue.metricApproximateNumberOfMessagesVisible(maximum()));
    }

    /** A function's alarms live next to it, in its capability's stack (CapabilityStack). */
    public void onFunction(PurserFunction function) {
        String id = function.definition().id();
        Function f = function.function();
        anyOccurrence(function, "ErrorsAlarm", id + ": the function failed", f.metricErrors(sum()));
        anyOccurrence(function, "ThrottlesAlarm", id + ": the function was throttled", f.metricThrottles(sum()));
    }

    private void anyOccurrence(String id, String description, IMetric metric) {
        anyOccurrence(this, id, description, metric);
    }

    private void anyOccurrence(Construct scope, String id, String description, IMetric metric) {
        Alarm alarm = Alarm.Builder.create(scope, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                // No data means no errors, no throttles, an empty queue.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
    }

    private static MetricOptions sum() {
        return MetricOptions.builder().period(PERIOD).statistic("Sum").build();
    }

    private static MetricOptions maximum() {
        return MetricOptions.builder().period(PERIOD).statistic("Maximum").build();
    }
}
