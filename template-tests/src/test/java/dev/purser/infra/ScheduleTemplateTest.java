package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.purser.http.LambdaFunction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleTemplateTest {

    @Test
    void expirySweepRunsEveryMinuteOnItsLiveAlias() {
        List<Map<String, Object>> schedules = resources("AWS::Events::Rule").values().stream()
                .map(SynthesizedStack::properties)
                .filter(r -> r.get("ScheduleExpression") != null)
                .toList();
        assertEquals(1, schedules.size(), "one schedule");
        Map<String, Object> schedule = schedules.get(0);
        assertEquals("rate(1 minute)", schedule.get("ScheduleExpression"));
        List<Object> targets = list(schedule.get("Targets"));
        assertEquals(1, targets.size());
        assertEquals(ref(logicalId(stack().function(LambdaFunction.EXPIRY_SWEEP).alias())),
                map(targets.get(0)).get("Arn"));
    }
}
