package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputsTemplateTest {

    @Test
    void operatorAndClientFacingOutputsArePresent() {
        Map<String, Object> outputs = outputs();
        for (String name : List.of("ApiUrl", "LetAgentPayBaseUrl", "LetAgentPayApiUrl", "TableName",
                "EventBusName", "BootstrapFunctionName", "AlarmTopicArn")) {
            assertTrue(outputs.containsKey(name), name);
        }
    }

    @Test
    void letAgentPayUrlsAreUnderTheApiEndpoint() {
        Object endpoint = map(outputs().get("ApiUrl")).get("Value");
        assertEquals(Map.of("Fn::Join", List.of("", List.of(endpoint, "/api/v1/agent-api"))),
                map(outputs().get("LetAgentPayBaseUrl")).get("Value"));
        assertEquals(Map.of("Fn::Join", List.of("", List.of(endpoint, "/api/v1"))),
                map(outputs().get("LetAgentPayApiUrl")).get("Value"));
    }
}
