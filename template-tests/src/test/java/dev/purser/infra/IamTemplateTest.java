package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.http.LambdaFunction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IamTemplateTest {

    /**
     * Actions AWS authorizes only on {@code Resource: *} (no resource-level permissions). None is
     * granted today; they are the only ones a future statement may grant on {@code *}.
     */
    private static final Set<String> ACTIONS_ONLY_ALLOWED_ON_STAR = Set.of(
            "xray:PutTraceSegments", "xray:PutTelemetryRecords", "cloudwatch:PutMetricData");

    @Test
    void noWildcardActionsAndNoStarResourcesInAnyIdentityPolicy() {
        List<Map<String, Object>> statements = allowStatements();
        assertFalse(statements.isEmpty());
        for (Map<String, Object> statement : statements) {
            List<String> actions = strings(statement.get("Action"));
            for (String action : actions) {
                assertFalse(action.contains("*"), "wildcard action " + action + " in " + statement);
            }
            assertNull(statement.get("NotAction"), "NotAction in " + statement);
            if (strings(statement.get("Resource")).contains("*")) {
                assertTrue(ACTIONS_ONLY_ALLOWED_ON_STAR.containsAll(actions), "Resource * for " + actions);
            }
        }
    }

    @Test
    void noManagedPoliciesOnRoles() {
        // AWSLambdaBasicExecutionRole would grant logs on every log group: roles carry inline grants only.
        resources("AWS::IAM::Role").forEach((id, role) ->
                assertNull(properties(role).get("ManagedPolicyArns"), id));
        assertTrue(resources("AWS::IAM::ManagedPolicy").isEmpty());
    }

    @ParameterizedTest
    @EnumSource(LambdaFunction.class)
    void eachFunctionHasItsOwnRole(LambdaFunction definition) {
        String roleArn = properties(resources("AWS::Lambda::Function")
                .get(logicalId(stack().function(definition).function()))).get("Role").toString();
        long sharing = resources("AWS::Lambda::Function").values().stream()
                .filter(f -> properties(f).get("Role").toString().equals(roleArn)).count();
        assertEquals(1, sharing);
    }

    @Test
    void fallbackMayOnlyWriteItsLogs() {
        assertEquals(Set.of("logs:CreateLogStream", "logs:PutLogEvents"), actionsOf(LambdaFunction.FALLBACK));
    }

    @Test
    void discoveryMayOnlyWriteItsLogs() {
        // An unauthenticated route serving a static document: no table, no queue, no bus.
        assertEquals(Set.of("logs:CreateLogStream", "logs:PutLogEvents"), actionsOf(LambdaFunction.DISCOVERY));
    }

    @Test
    void noSecretsManagerAnywhere() {
        // The action-link key lives in the table (same trust boundary as the requests it guards).
        assertTrue(resources("AWS::SecretsManager::Secret").isEmpty());
        for (LambdaFunction definition : LambdaFunction.values()) {
            assertFalse(actionsOf(definition).stream().anyMatch(a -> a.startsWith("secretsmanager:")), definition.name());
        }
    }

    @Test
    void onlyTheOutboxRelayReadsTheStreamAndPublishesEvents() {
        for (LambdaFunction definition : LambdaFunction.values()) {
            boolean relay = definition == LambdaFunction.OUTBOX_RELAY;
            Set<String> actions = actionsOf(definition);
            assertEquals(relay, actions.contains("dynamodb:GetRecords"), definition.name());
            assertEquals(relay, actions.contains("events:PutEvents"), definition.name());
        }
        assertEquals(Set.of("logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:UpdateItem",
                        // The action-link key item, for links in request.pending events.
                        "dynamodb:GetItem", "dynamodb:PutItem",
                        "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                        "dynamodb:ListStreams", "events:PutEvents",
                        // Lambda's on-failure destination (its DLQ), granted by the event source mapping.
                        "sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"),
                actionsOf(LambdaFunction.OUTBOX_RELAY));
    }

    @Test
    void agentReadPathsCannotDeleteItems() {
        for (LambdaFunction definition : List.of(LambdaFunction.CHECK_REQUEST, LambdaFunction.REQUEST_READS)) {
            assertFalse(actionsOf(definition).contains("dynamodb:DeleteItem"), definition.name());
        }
    }

    /** Every action granted to a function's role. */

    /** Allow statements of every identity policy: standalone, inline on roles, managed. */
    private static List<Map<String, Object>> allowStatements() {
        List<Map<String, Object>> documents = new ArrayList<>();
        resources("AWS::IAM::Policy").values().forEach(p -> documents.add(map(properties(p).get("PolicyDocument"))));
        resources("AWS::IAM::ManagedPolicy").values()
                .forEach(p -> documents.add(map(properties(p).get("PolicyDocument"))));
        resources("AWS::IAM::Role").values().forEach(r -> {
            Object inline = properties(r).get("Policies");
            if (inline != null) list(inline).forEach(p -> documents.add(map(map(p).get("PolicyDocument"))));
        });
        List<Map<String, Object>> statements = new ArrayList<>();
        documents.forEach(d -> list(d.get("Statement")).stream().map(SynthesizedStack::map)
                .filter(s -> "Allow".equals(s.get("Effect")))
                .forEach(statements::add));
        return statements;
    }

    /** A policy field that is a string or a list; tokens (ARNs) are kept as their JSON text. */
    private static List<String> strings(Object value) {
        if (value == null) return List.of();
        if (value instanceof List<?> values) return values.stream().map(String::valueOf).toList();
        return List.of(String.valueOf(value));
    }
}
