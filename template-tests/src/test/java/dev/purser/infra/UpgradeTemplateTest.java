package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.http.Route;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deploying over a stack synthesized before the split into nested stacks (docs/deploy.md,
 * "Upgrading"): the stateful and keyed resources keep their logical ids in the root stack, so
 * CloudFormation updates them in place instead of creating new ones beside the old.
 */
class UpgradeTemplateTest {

    /** Logical ids of the stack as deployed before the split (synthesized from commit 4bbcd00). */
    static final Map<String, String> KEPT = Map.of(
            "TableCD117FA1", "AWS::DynamoDB::Table",
            "EventsBus45DE4339", "AWS::Events::EventBus",
            "EventsWebhookQueueD2947CA5", "AWS::SQS::Queue",
            "EventsWebhookDlqA740BCCD", "AWS::SQS::Queue",
            "OutboxRelayDlq09899D52", "AWS::SQS::Queue",
            "HttpApi4E1D4184", "AWS::ApiGatewayV2::Api",
            "HttpApiDefaultStage1235CC70", "AWS::ApiGatewayV2::Stage",
            "AlarmsTopic3A2DFEBA", "AWS::SNS::Topic");

    @Test
    void theTableAndTheKeyedResourcesKeepTheirLogicalIdsInTheRoot() {
        Map<String, Object> root = map(rootTemplate().toJSON().get("Resources"));
        KEPT.forEach((id, type) -> assertEquals(type, map(root.get(id)).get("Type"), id));
        Map<String, Object> table = map(root.get("TableCD117FA1"));
        assertEquals("Retain", table.get("DeletionPolicy"));
        assertEquals("Retain", table.get("UpdateReplacePolicy"));
    }

    @Test
    void everyRouteKeepsItsConstructPathInTheRoot() {
        // A route's logical id is its path (Http/<ROUTE NAME>) plus a hash of it: same path, same id.
        Map<String, Object> root = map(rootTemplate().toJSON().get("Resources"));
        for (Route route : Route.values()) {
            String prefix = "Http" + route.name().replace("_", "");
            assertTrue(root.entrySet().stream().anyMatch(e -> e.getKey().startsWith(prefix)
                    && "AWS::ApiGatewayV2::Route".equals(map(e.getValue()).get("Type"))), route.name());
        }
    }
}
