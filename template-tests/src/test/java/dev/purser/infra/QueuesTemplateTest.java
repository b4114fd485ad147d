package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.http.LambdaFunction;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QueuesTemplateTest {

    /**
     * Dead-letter queues, found by use rather than by name: the target of a queue's redrive
     * policy, of a stream mapping's on-failure destination, or of an EventBridge target's DLQ.
     */
    private static final Set<String> deadLetterQueues = new HashSet<>();

    @BeforeAll
    static void findDeadLetterQueues() {
        resources("AWS::SQS::Queue").values().forEach(q -> {
            Object redrive = properties(q).get("RedrivePolicy");
            if (redrive != null) deadLetterQueues.add(queueIdOfArn(map(redrive).get("deadLetterTargetArn")));
        });
        resources("AWS::Lambda::EventSourceMapping").values().forEach(m -> {
            Object destination = properties(m).get("DestinationConfig");
            if (destination != null) {
                deadLetterQueues.add(queueIdOfArn(map(map(destination).get("OnFailure")).get("Destination")));
            }
        });
        resources("AWS::Events::Rule").values().forEach(r -> list(properties(r).get("Targets")).forEach(t -> {
            Object dlq = map(t).get("DeadLetterConfig");
            if (dlq != null) deadLetterQueues.add(queueIdOfArn(map(dlq).get("Arn")));
        }));
    }

    @Test
    void everyWorkQueueRedrivesToADeadLetterQueue() {
        resources("AWS::SQS::Queue").forEach((id, q) -> {
            if (deadLetterQueues.contains(id)) return;
            Map<String, Object> redrive = map(properties(q).get("RedrivePolicy"));
            assertTrue(redrive != null, id + " has no redrive policy");
            assertTrue(deadLetterQueues.contains(queueIdOfArn(redrive.get("deadLetterTargetArn"))), id);
        });
        assertEquals(3, deadLetterQueues.size(), "webhook, undelivered events, outbox relay: " + deadLetterQueues);
    }

    @Test
    void everyDeadLetterQueueHasAnAlarmOnVisibleMessages() {
        for (String dlq : deadLetterQueues) {
            boolean alarmed = resources("AWS::CloudWatch::Alarm").values().stream().map(SynthesizedStack::properties)
                    .anyMatch(a -> "ApproximateNumberOfMessagesVisible".equals(a.get("MetricName"))
                            && "GreaterThanThreshold".equals(a.get("ComparisonOperator"))
                            && ((Number) a.get("Threshold")).doubleValue() == 0
                            && list(a.get("Dimensions")).contains(
                                    Map.of("Name", "QueueName", "Value", getAtt(dlq, "QueueName"))));
            assertTrue(alarmed, dlq + " has no alarm");
        }
    }

    @Test
    void everyFunctionHasErrorAndThrottleAlarms() {
        for (LambdaFunction definition : LambdaFunction.values()) {
            String functionId = logicalId(stack().function(definition).function());
            for (String metric : List.of("Errors", "Throttles")) {
                boolean alarmed = resources("AWS::CloudWatch::Alarm").values().stream()
                        .map(SynthesizedStack::properties)
                        .anyMatch(a -> metric.equals(a.get("MetricName"))
                                && list(a.get("Dimensions")).contains(
                                        Map.of("Name", "FunctionName", "Value", ref(functionId))));
                assertTrue(alarmed, definition + " has no " + metric + " alarm");
            }
        }
    }

    @Test
    void webhookQueueOutlastsTheRetrySpanAndTheDispatcherTimeout() {
        Map<String, Object> queue = webhookQueue();
        int dispatcherTimeout = LambdaFunction.WEBHOOK_DISPATCH.timeoutSeconds();
        assertTrue(((Number) queue.get("VisibilityTimeout")).intValue() >= 6 * dispatcherTimeout);
        assertTrue(((Number) queue.get("MessageRetentionPeriod")).longValue() >= Duration.ofDays(4).toSeconds());
        // The dispatcher's backoff spans 24 h in 8 receives; the count leaves room for throttled receives.
        assertTrue(((Number) map(queue.get("RedrivePolicy")).get("maxReceiveCount")).intValue() >= 8);
    }

    @Test
    void purserEventsAreRoutedToTheWebhookQueue() {
        String webhookQueueId = webhookQueueId();
        boolean routed = resources("AWS::Events::Rule").values().stream().map(SynthesizedStack::properties)
                .filter(r -> r.get("EventPattern") != null)
                .anyMatch(r -> List.of("purser").equals(map(r.get("EventPattern")).get("source"))
                        && list(r.get("Targets")).stream().map(SynthesizedStack::map)
                                .anyMatch(t -> getAtt(webhookQueueId, "Arn").equals(t.get("Arn"))));
        assertTrue(routed);
    }

    @Test
    void dispatcherConsumesTheWebhookQueueReportingItemFailures() {
        Map<String, Object> mapping = mappingOf(LambdaFunction.WEBHOOK_DISPATCH);
        assertEquals(getAtt(webhookQueueId(), "Arn"), mapping.get("EventSourceArn"));
        assertEquals(List.of("ReportBatchItemFailures"), mapping.get("FunctionResponseTypes"));
    }

    @Test
    void outboxRelayReadsTheStreamWithBoundedRetriesAndAFailureQueue() {
        Map<String, Object> mapping = mappingOf(LambdaFunction.OUTBOX_RELAY);
        assertEquals(getAtt(tableId(), "StreamArn"), mapping.get("EventSourceArn"));
        assertEquals(true, mapping.get("BisectBatchOnFunctionError"));
        int retries = ((Number) mapping.get("MaximumRetryAttempts")).intValue();
        assertTrue(retries >= 0 && retries <= 100, "bounded retries: " + retries);
        assertTrue(List.of("TRIM_HORIZON", "LATEST").contains(mapping.get("StartingPosition")));
        assertFalse(deadLetterQueues.isEmpty());
        assertTrue(deadLetterQueues.contains(queueIdOfArn(
                map(map(mapping.get("DestinationConfig")).get("OnFailure")).get("Destination"))));
    }

    /** The mapping whose function is the given function's live alias. */
    private static Map<String, Object> mappingOf(LambdaFunction definition) {
        String aliasId = logicalId(stack().function(definition).alias());
        List<Map<String, Object>> mappings = resources("AWS::Lambda::EventSourceMapping").values().stream()
                .map(SynthesizedStack::properties)
                .filter(m -> m.get("FunctionName").toString().contains(aliasId))
                .toList();
        assertEquals(1, mappings.size(), definition + " has one event source mapping on its alias");
        return mappings.get(0);
    }

    private static String webhookQueueId() {
        return resources("AWS::SQS::Queue").entrySet().stream()
                .filter(e -> !deadLetterQueues.contains(e.getKey()))
                .map(Map.Entry::getKey)
                .reduce((a, b) -> { throw new AssertionError("one work queue expected: " + a + ", " + b); })
                .orElseThrow();
    }

    private static Map<String, Object> webhookQueue() {
        return properties(resources("AWS::SQS::Queue").get(webhookQueueId()));
    }

    private static String tableId() {
        return resources("AWS::DynamoDB::Table").keySet().iterator().next();
    }

    /** {@code {"Fn::GetAtt": [queueId, "Arn"]}} → queueId. */
    private static String queueIdOfArn(Object arn) {
        return (String) list(map(arn).get("Fn::GetAtt")).get(0);
    }
}
