package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Disputes, trust score and service verification: exact grants, and the routes reach their functions. */
class DisputesTemplateTest {

    @Test
    void disputesReadAndWriteItemsButNeverDelete() {
        // Open (dispute, lock, counters, events), evidence and withdraw are transactions of puts and
        // conditional updates; lists are Queries of gsi1/gsi2. The lock is released by an update.
        assertEquals(Set.of("logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:GetItem", "dynamodb:BatchGetItem",
                "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"), actionsOf(LambdaFunction.DISPUTES));
    }

    @Test
    void theOperatorResolvesWithoutDeletesOrBatchReads() {
        assertEquals(Set.of("logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:GetItem", "dynamodb:Query",
                "dynamodb:PutItem", "dynamodb:UpdateItem"), actionsOf(LambdaFunction.OPERATOR));
    }

    @Test
    void theCatalogueMayUpdateTheDebouncedScoreButNeverDelete() {
        Set<String> services = actionsOf(LambdaFunction.SERVICES);
        assertFalse(services.contains("dynamodb:DeleteItem"), services.toString());
        assertEquals(true, services.contains("dynamodb:UpdateItem"), services.toString());
    }

    @Test
    void theDisputeWindowIsConfiguredOnTheDisputesFunction() {
        Map<String, Object> function = properties(resources("AWS::Lambda::Function")
                .get(logicalId(stack().function(LambdaFunction.DISPUTES).function())));
        Map<String, Object> variables = map(map(function.get("Environment")).get("Variables"));
        assertEquals("30", variables.get("PURSER_DISPUTE_WINDOW_DAYS"));
    }

    @Test
    void partyRoutesGoToDisputesAndOperatorRoutesToOperator() {
        for (Route r : Route.values()) {
            if (r.path().startsWith("/v1/disputes")) assertEquals(LambdaFunction.DISPUTES, r.function(), r.routeKey());
            if (r.path().startsWith("/v1/operator/")) assertEquals(LambdaFunction.OPERATOR, r.function(), r.routeKey());
        }
        assertEquals(5, Route.servedBy(LambdaFunction.DISPUTES).size());
    }

}
