package dev.purser.functions.spendguard;

import static dev.purser.functions.spendguard.Guarded.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import org.junit.jupiter.api.Test;

@WithLocalAws
class EstimateAuthorizeTest {
    static final String POLICY = "{\"daily_limit\": 100, \"auto_approve\": {\"enabled\": true, \"max_amount\": 50}}";
    final World world = new World();
    final Guarded g = new Guarded(world, 1000, POLICY);

    String body(String amount) {
        return "{\"agent\": \"" + g.agent.id() + "\", \"amount\": " + amount + ", \"category\": \"api\", \"merchant\": \"OpenAI\"}";
    }

    @Test
    void authorizeAnswersAllowApprovalRequiredAndDenyWithReasonsAndWritesNothing() {
        var before = g.snapshot();
        JsonNode allow = ok(200, g.owner("POST", "/v1/spend-guard/authorize", body("10")));
        assertEquals("allow", allow.get("decision").asText(), allow.toString());
        assertEquals("10.00", allow.get("amount").asText());
        assertEquals(0, allow.get("reasons").size());
        assertTrue(allow.get("checks").size() > 2);

        JsonNode approval = ok(200, g.owner("POST", "/v1/spend-guard/authorize", body("60")));
        assertEquals("approval_required", approval.get("decision").asText(), approval.toString());
        assertTrue(approval.get("reasons").size() >= 1);

        JsonNode deny = ok(200, g.owner("POST", "/v1/spend-guard/authorize", body("150")));
        assertEquals("deny", deny.get("decision").asText(), deny.toString());
        assertTrue(deny.get("reasons").toString().toLowerCase().contains("daily"), deny.toString());

        // The agent itself, with its token, without naming itself.
        JsonNode self = ok(200, g.asAgent("POST", "/v1/spend-guard/authorize", "{\"amount\": 10}"));
        assertEquals("allow", self.get("decision").asText());
        assertEquals(g.agent.id(), self.get("agent").asText());
        for (int i = 0; i < 70; i++) {
            // Far beyond the Agent API's 60 POSTs a minute: authorize uses no rate.
            assertEquals(200, g.asAgent("POST", "/v1/spend-guard/authorize", "{\"amount\": 1}").status());
        }
        assertEquals(before, g.snapshot(), "authorize wrote something");
    }

    @Test
    void callerAndBodyErrors() {
        assertEquals("agent", ok(422, g.owner("POST", "/v1/spend-guard/authorize", "{\"amount\": 1}")).get("field").asText());
        assertEquals(404, g.owner("POST", "/v1/spend-guard/authorize", "{\"agent\": \"agent_nope\", \"amount\": 1}").status());
        var other = world.agent(world.account(), 10, null);
        assertEquals(404, g.owner("POST", "/v1/spend-guard/authorize",
                "{\"agent\": \"" + other.id() + "\", \"amount\": 1}").status(), "another account's agent");
        assertEquals(403, g.asAgent("POST", "/v1/spend-guard/authorize",
                "{\"agent\": \"" + other.id() + "\", \"amount\": 1}").status());
        assertEquals(401, world.api.call("POST", "/v1/spend-guard/authorize", "agt_nope", "{\"amount\": 1}", java.util.Map.of()).status());
        assertEquals(401, world.api.call("POST", "/v1/spend-guard/authorize", null, "{\"amount\": 1}", java.util.Map.of()).status());
        assertEquals("amount", ok(422, g.owner("POST", "/v1/spend-guard/authorize", body("1.001"))).get("field").asText());
        assertEquals("amount", ok(422, g.owner("POST", "/v1/spend-guard/authorize", body("0"))).get("field").asText());
        assertEquals("bogus", ok(422, g.owner("POST", "/v1/spend-guard/authorize", "{\"bogus\": 1}")).get("field").asText());
        assertEquals(400, g.asAgent("POST", "/v1/spend-guard/authorize", "{\"amount\": 1, \"currency\": \"EUR\"}").status());
        assertEquals(422, g.owner("POST", "/v1/spend-guard/authorize", "not json").status());
    }

    @Test
    void estimatesPaymentTokensToolAndDelegationAndWritesNothing() {
        var before = g.snapshot();
        JsonNode pay = ok(200, g.asAgent("POST", "/v1/spend-guard/estimate", "{\"type\": \"payment\", \"amount\": 12.5}"));
        assertEquals("12.50", pay.get("estimated_cost").asText());
        assertEquals("allow", pay.get("policy").get("decision").asText());

        // The documented example price table: example-large costs 3.00 / 15.00 per million tokens.
        JsonNode tokens = ok(200, g.asAgent("POST", "/v1/spend-guard/estimate",
                "{\"type\": \"token\", \"model\": \"example-large\", \"input_tokens\": 1000000, \"output_tokens\": 200000}"));
        assertEquals("6.00", tokens.get("estimated_cost").asText(), tokens.toString());
        // Rounded up to the next cent, never down.
        JsonNode tiny = ok(200, g.asAgent("POST", "/v1/spend-guard/estimate",
                "{\"type\": \"token\", \"model\": \"example-small\", \"input_tokens\": 1, \"output_tokens\": 0}"));
        assertEquals("0.01", tiny.get("estimated_cost").asText());
        assertEquals("model", ok(422, g.asAgent("POST", "/v1/spend-guard/estimate",
                "{\"type\": \"token\", \"model\": \"nope\", \"input_tokens\": 1, \"output_tokens\": 1}")).get("field").asText());

        JsonNode tool = ok(200, g.owner("POST", "/v1/spend-guard/estimate",
                "{\"type\": \"tool\", \"tool\": \"example-browser\", \"calls\": 3}"));
        assertEquals("0.15", tool.get("estimated_cost").asText());
        assertTrue(tool.get("policy").isNull(), "an owner naming no agent gets the cost only");

        JsonNode delegation = ok(200, g.owner("POST", "/v1/spend-guard/estimate",
                "{\"type\": \"delegation\", \"agent\": \"" + g.agent.id() + "\", \"amount\": 200, \"child_agent\": \"agent_child\"}"));
        assertEquals("200.00", delegation.get("estimated_cost").asText());
        assertEquals("deny", delegation.get("policy").get("decision").asText(), "200 is beyond the daily limit of 100");
        assertEquals("type", ok(422, g.owner("POST", "/v1/spend-guard/estimate", "{\"type\": \"lunch\"}")).get("field").asText());
        assertEquals(before, g.snapshot(), "estimate wrote something");
    }

    @Test
    void ownerManagedPriceTable() {
        ok(200, g.owner("PUT", "/v1/spend-guard/price-table",
                "{\"models\": {\"my-model\": {\"input_per_million\": 1, \"output_per_million\": 2.5}}, "
                        + "\"tools\": {\"scraper\": {\"per_call\": 0.02}}}"));
        JsonNode table = ok(200, g.owner("GET", "/v1/spend-guard/price-table", null));
        assertEquals("2.50", table.get("models").get("my-model").get("output_per_million").asText());
        assertEquals("USD", table.get("currency").asText());
        JsonNode est = ok(200, g.asAgent("POST", "/v1/spend-guard/estimate",
                "{\"type\": \"token\", \"model\": \"my-model\", \"input_tokens\": 2000000, \"output_tokens\": 2000000}"));
        assertEquals("7.00", est.get("estimated_cost").asText());
        assertEquals(422, g.asAgent("POST", "/v1/spend-guard/estimate",
                "{\"type\": \"token\", \"model\": \"example-large\", \"input_tokens\": 1, \"output_tokens\": 1}").status(),
                "the owner's table replaces the example");
        assertEquals("models.x.input_per_million", ok(422, g.owner("PUT", "/v1/spend-guard/price-table",
                "{\"models\": {\"x\": {\"input_per_million\": -1, \"output_per_million\": 1}}}")).get("field").asText());
        assertEquals(403, g.asAgent("PUT", "/v1/spend-guard/price-table", "{}").status());
    }
}
