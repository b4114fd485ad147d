package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.http.LambdaFunction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleTemplateTest {

    private static List<Map<String, Object>> schedules() {
        return resources("AWS::Events::Rule").values().stream()
                .map(SynthesizedStack::properties)
                .filter(r -> r.get("ScheduleExpression") != null)
                .toList();
    }

    private static void runsEveryMinuteOnItsLiveAlias(LambdaFunction function) {
        Object arn = ref(logicalId(stack().function(function).alias()));
        List<Map<String, Object>> matching = schedules().stream()
                .filter(s -> list(s.get("Targets")).stream().anyMatch(t -> arn.equals(map(t).get("Arn"))))
                .toList();
        assertEquals(1, matching.size(), function + " has one schedule");
        Map<String, Object> schedule = matching.get(0);
        assertEquals("rate(1 minute)", schedule.get("ScheduleExpression"));
        assertEquals(1, list(schedule.get("Targets")).size());
    }

    @Test
    void threeSchedulesOnly() {
        assertEquals(3, schedules().size(), "the expiry sweep, the settlement job and the x402 token scan");
    }

    @Test
    void expirySweepRunsEveryMinuteOnItsLiveAlias() {
        runsEveryMinuteOnItsLiveAlias(LambdaFunction.EXPIRY_SWEEP);
    }

    @Test
    void settlementJobRunsEveryMinuteOnItsLiveAlias() {
        runsEveryMinuteOnItsLiveAlias(LambdaFunction.SETTLEMENT);
    }

    @Test
    void deployedStacksAreNotSandboxesByDefault() {
        for (var fn : resources("AWS::Lambda::Function").values()) {
            // Purser's functions only: CDK's BucketDeployment function (the console's files) is not one.
            if ("index.handler".equals(properties(fn).get("Handler"))) continue;
            var env = map(map(properties(fn).get("Environment")).get("Variables"));
            assertEquals("false", env.get("PURSER_SANDBOX"), "faucet funding must be an explicit choice");
        }
        assertTrue(AccessTable.of(LambdaFunction.SETTLEMENT).tableActions().stream().noneMatch(a -> a.name().contains("DELETE")));
    }
}
