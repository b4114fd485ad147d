package dev.purser.functions.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.events.OutboxEvent;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.http.Route;
import dev.purser.json.Json;
import dev.purser.owner.ActionLinks;
import dev.purser.owner.PendingRequestLinks;
import dev.purser.store.Keys;
import dev.purser.testing.OpenApiSchemas;
import dev.purser.testing.WithLocalAws;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Real answers of the running handlers (in-process, on DynamoDB Local) held against the schemas
 * the OpenAPI document publishes for them, so the document cannot drift from the code silently:
 * a renamed, removed or (for the closed schemas: requests, wallets, balances, payments) added
 * field fails here. One owner account walks through most capabilities; every answer is checked.
 */
@WithLocalAws
class OpenApiConformanceTest {
    final World world = new World();
    final World.OwnedAccount owner = world.ownedAccount();
    final OpenApiSchemas schemas = OpenApiSchemas.ofServedDocument();
    final List<String> problems = new ArrayList<>();
    final Set<Route> checked = EnumSet.noneOf(Route.class);

    /** Calls, expects {@code status}, and checks the body against the documented schema of the matched route. */
    JsonNode call(String method, String pathAndQuery, String bearer, String body, int status) {
        Resp r = world.api.call(method, pathAndQuery, bearer, body, Map.of());
        String rawPath = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        if (!(Route.match(method, rawPath) instanceof Route.Match.Found found)) throw new AssertionError("no route: " + method + " " + rawPath);
        Route route = found.route();
        if (r.status() != status) {
            problems.add(route + ": expected " + status + ", got " + r);
            return r.status() < 300 && !r.body().isEmpty() ? r.json() : null;
        }
        if (status == 204) {
            checked.add(route);
            return null;
        }
        JsonNode json = r.json();
        for (String e : schemas.checkResponse(method, route.path(), status, json)) problems.add(route + " " + status + ": " + e + "\n    body: " + r.body());
        for (String e : schemas.undeclared(schemas.responseSchema(method, route.path(), status), json)) problems.add(route + " " + status + ": undeclared " + e);
        checked.add(route);
        return json;
    }

    String key() { return owner.ownerKey(); }

    /**
     * The events the walk above committed for this account, as the relay delivers them (with the
     * pending request's links), held against the webhook payload of their type: valid, and no
     * field the schema does not declare.
     */
    int checkWebhookPayloads() {
        PendingRequestLinks relay = new PendingRequestLinks(() -> new ActionLinks("https://purser.example.com", new byte[32]));
        int n = 0;
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = world.purser.dynamo().scan(ScanRequest.builder().tableName(world.purser.table())
                    .filterExpression("sk = :e AND account_id = :a").exclusiveStartKey(start)
                    .expressionAttributeValues(Map.of(":e", AttributeValue.fromS(Keys.EVENT_SK),
                            ":a", AttributeValue.fromS(owner.id()))).build());
            for (Map<String, AttributeValue> item : page.items()) {
                OutboxEvent event = relay.apply(new OutboxEvent(item.get("event_id").s(), item.get("type").s(), item.get("envelope").s()));
                JsonNode envelope = Json.parseTrusted(event.envelope());
                JsonNode schema = schemas.webhookSchema(event.type());
                for (String e : schemas.errors(schema, envelope)) problems.add("webhook " + event.type() + ": " + e + "\n    body: " + envelope);
                for (String e : schemas.undeclared(schema, envelope)) problems.add("webhook " + event.type() + ": undeclared " + e);
                n++;
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return n;
    }

    @Test
    void realAnswersMatchTheDocumentedSchemas() {
        // Owner: account, categories, rules, keys
        call("GET", "/v1/account", key(), null, 200);
        call("PATCH", "/v1/account", key(), "{\"request_expiry_minutes\": 60}", 200);
        call("GET", "/v1/account/categories", key(), null, 200);
        call("POST", "/v1/account/categories", key(), "{\"name\": \"widgets\", \"aliases\": [\"gadgets\"]}", 201);
        call("POST", "/v1/account/categories/widgets/aliases", key(), "{\"alias\": \"gizmos\"}", 201);
        call("DELETE", "/v1/account/categories/widgets/aliases/gizmos", key(), null, 204);
        call("POST", "/v1/account/categories/import-defaults", key(), null, 200);
        JsonNode rule = call("POST", "/v1/account/budget-rules", key(),
                "{\"name\": \"cap\", \"limit_type\": \"monthly\", \"limit_amount\": \"5000\", \"days_of_week\": [0, 1, 2, 3, 4, 5, 6]}", 201);
        call("GET", "/v1/account/budget-rules", key(), null, 200);
        if (rule != null) {
            call("GET", "/v1/account/budget-rules/" + rule.get("id").asText(), key(), null, 200);
            call("PATCH", "/v1/account/budget-rules/" + rule.get("id").asText(), key(), "{\"priority\": 1}", 200);
        }
        call("GET", "/v1/account/keys", key(), null, 200);
        JsonNode newKey = call("POST", "/v1/account/keys", key(), "{\"name\": \"ci\"}", 201);
        if (newKey != null) call("DELETE", "/v1/account/keys/" + newKey.get("key_id").asText(), key(), null, 204);

        // Agents, tokens, policies
        JsonNode reg = call("POST", "/v1/agents/register", key(),
                "{\"name\": \"shopper\", \"external_id\": \"ext-1\", \"budget\": \"1000\", \"policy\": {\"auto_approve\": {\"enabled\": true, \"max_amount\": 50}}}", 201);
        String agentId = reg.get("agent_id").asText();
        String token = reg.get("token").asText();
        String walletId = reg.get("wallet_id").asText();
        call("POST", "/v1/agents/register", key(), "{\"name\": \"shopper\", \"external_id\": \"ext-1\"}", 200);
        call("GET", "/v1/agents", key(), null, 200);
        call("GET", "/v1/agents/" + agentId, key(), null, 200);
        call("PATCH", "/v1/agents/" + agentId, key(), "{\"description\": \"buys things\"}", 200);
        call("GET", "/v1/agents/" + agentId + "/spending", key(), null, 200);
        JsonNode tok = call("POST", "/v1/agents/" + agentId + "/tokens", key(), "{\"name\": \"spare\"}", 201);
        call("GET", "/v1/agents/" + agentId + "/tokens", key(), null, 200);
        if (tok != null) call("DELETE", "/v1/agents/" + agentId + "/tokens/" + tok.get("token_id").asText(), key(), null, 200);
        call("GET", "/v1/agents/" + agentId + "/policy", key(), null, 200);
        call("PATCH", "/v1/agents/" + agentId + "/policy", key(), "{\"daily_limit\": 500}", 200);
        call("PUT", "/v1/agents/" + agentId + "/policy", key(), "{\"daily_limit\": 500, \"auto_approve\": {\"enabled\": true, \"max_amount\": 50}}", 200);
        call("POST", "/v1/agents/" + agentId + "/check", key(), "{\"amount\": \"12.50\", \"category\": \"software\"}", 200);

        // Agent API
        JsonNode auto = call("POST", "/api/v1/agent-api/requests", token, "{\"amount\": \"12.50\", \"category\": \"software\", \"merchant_name\": \"shop\"}", 201);
        call("POST", "/api/v1/agent-api/requests", token, "{\"amount\": \"5\", \"category\": \"no-such\", \"currency\": \"USD\"}", 201);
        call("POST", "/api/v1/agent-api/requests/check", token, "{\"amount\": \"12.50\", \"category\": \"software\"}", 200);
        call("GET", "/api/v1/agent-api/requests?limit=5", token, null, 200);
        call("GET", "/api/v1/agent-api/requests/" + auto.get("request_id").asText(), token, null, 200);
        call("POST", "/api/v1/agent-api/requests/" + auto.get("request_id").asText() + "/confirm", token, "{\"success\": true, \"actual_amount\": \"11.90\"}", 200);
        call("GET", "/api/v1/agent-api/budget", token, null, 200);
        call("GET", "/api/v1/agent-api/policy", token, null, 200);
        call("GET", "/api/v1/agent-api/categories", token, null, 200);
        JsonNode pending = call("POST", "/api/v1/agent-api/requests", token, "{\"amount\": \"120\", \"category\": \"software\"}", 201);
        assertEquals("pending", pending.get("status").asText());
        JsonNode pending2 = call("POST", "/api/v1/agent-api/requests", token, "{\"amount\": \"130\", \"category\": \"software\"}", 201);
        call("GET", "/v1/requests?status=pending", key(), null, 200);
        call("GET", "/v1/requests/" + pending.get("request_id").asText(), key(), null, 200);
        call("POST", "/v1/requests/" + pending.get("request_id").asText() + "/approve", key(), null, 200);
        call("POST", "/v1/requests/" + pending2.get("request_id").asText() + "/reject", key(), "{\"reason\": \"no\"}", 200);

        // Webhooks
        JsonNode hook = call("POST", "/v1/webhooks", key(), "{\"url\": \"http://127.0.0.1:9/h\", \"events\": [\"request.*\"], \"description\": \"ops\"}", 201);
        call("GET", "/v1/webhooks", key(), null, 200);
        if (hook != null) {
            String h = "/v1/webhooks/" + hook.get("id").asText();
            call("GET", h, key(), null, 200);
            call("PATCH", h, key(), "{\"enabled\": false}", 200);
            call("POST", h + "/rotate-secret", key(), null, 200);
            call("POST", h + "/test", key(), null, 202);
            call("GET", h + "/deliveries", key(), null, 200);
            call("DELETE", h, key(), null, 204);
        }

        // Wallets, payments, payouts
        call("POST", "/v1/wallets/" + walletId + "/fund", key(), "{\"amount\": \"100\", \"source\": \"test_faucet\"}", 200);
        call("GET", "/v1/wallets/" + walletId, token, null, 200);
        call("GET", "/v1/wallets/" + walletId + "/balance", token, null, 200);
        call("POST", "/v1/wallets", key(), "{\"agent_id\": \"" + agentId + "\", \"name\": \"travel\"}", 201);
        call("GET", "/v1/wallets?agent_id=" + agentId, key(), null, 200);
        JsonNode pay = call("POST", "/v1/payments", token,
                "{\"from_wallet_id\": \"" + walletId + "\", \"to_external\": \"merchant:demo\", \"amount\": \"5.00\", \"currency\": \"USD\", \"description\": \"tool\"}", 201);
        call("GET", "/v1/wallets/" + walletId + "/transactions", token, null, 200);
        call("GET", "/v1/payments", token, null, 200);
        if (pay != null) {
            call("GET", "/v1/payments/" + pay.get("id").asText(), token, null, 200);
            call("GET", "/v1/payments/" + pay.get("id").asText() + "/receipt", token, null, 200);
            call("POST", "/v1/payments/" + pay.get("id").asText() + "/refund", key(), "{\"amount\": \"2.00\"}", 200);
        }
        JsonNode payout = call("POST", "/v1/payouts", key(), "{\"from_wallet_id\": \"" + walletId + "\", \"amount\": \"10\", \"destination_type\": \"bank\","
                + " \"destination\": {\"routing_number\": \"110000000\", \"account_number\": \"000123456789\", \"account_type\": \"checking\", \"account_holder\": \"Acme\"}}", 201);
        call("GET", "/v1/payouts", key(), null, 200);
        if (payout != null) call("GET", "/v1/payouts/" + payout.get("id").asText(), key(), null, 200);

        // SpendGuard
        call("POST", "/v1/spend-guard/authorize", token, "{\"amount\": \"1.20\", \"category\": \"api\", \"merchant\": \"OpenAI\"}", 200);
        call("POST", "/v1/spend-guard/estimate", token, "{\"type\": \"token\", \"model\": \"example-small\", \"input_tokens\": 100000, \"output_tokens\": 2000}", 200);
        call("POST", "/v1/spend-guard/estimate", key(), "{\"type\": \"tool\", \"tool\": \"example-search\", \"calls\": 3}", 200);
        JsonNode rsv = call("POST", "/v1/spend-guard/reservations", token, "{\"amount\": \"30\", \"category\": \"api\", \"merchant\": \"OpenAI\"}", 201);
        JsonNode rsv2 = call("POST", "/v1/spend-guard/reservations", key(), "{\"agent\": \"" + agentId + "\", \"amount\": \"3\"}", 201);
        if (rsv != null) {
            call("GET", "/v1/spend-guard/reservations/" + rsv.get("reservation_id").asText(), token, null, 200);
            call("POST", "/v1/spend-guard/reservations/" + rsv.get("reservation_id").asText() + "/capture", token, "{\"amount\": \"12.34\"}", 200);
        }
        if (rsv2 != null) call("POST", "/v1/spend-guard/reservations/" + rsv2.get("reservation_id").asText() + "/release", key(), "{\"reason\": \"done\"}", 200);
        call("GET", "/v1/spend-guard/reservations", key(), null, 200);
        call("GET", "/v1/spend-guard/usage/summary", key(), null, 200);
        call("GET", "/v1/spend-guard/price-table", key(), null, 200);
        call("PUT", "/v1/spend-guard/price-table", key(), "{\"models\": {\"m\": {\"input_per_million\": 1.00, \"output_per_million\": 2.50}}, \"tools\": {\"t\": {\"per_call\": 0.02}}}", 200);

        // Mandates
        JsonNode mandate = call("POST", "/v1/mandates", key(), "{\"agent\": \"" + agentId + "\", \"actions\": [\"payment\"], \"per_use_limit\": \"50\","
                + " \"valid_until\": \"2027-01-01T00:00:00Z\"}", 201);
        if (mandate != null) {
            String m = "/v1/mandates/" + mandate.get("mandate_id").asText();
            call("GET", m, key(), null, 200);
            call("PUT", m, key(), "{\"agent\": \"" + agentId + "\", \"actions\": [\"payment\", \"x402\"], \"valid_until\": \"2027-01-01T00:00:00Z\"}", 200);
            call("POST", m + "/execution-tokens", token, "{\"action\": \"payment\", \"audience\": \"shop.example.com\"}", 201);
        }

        // x402 router and the marketplace
        call("POST", "/api/v1/x402/wallets", token, "{\"wallet_address\": \"0x1111111111111111111111111111111111111111\", \"chain\": \"base-sepolia\"}", 201);
        call("GET", "/api/v1/x402/wallets", token, null, 200);
        JsonNode x = call("POST", "/api/v1/x402/authorize", token, "{\"payment_requirements\": {\"scheme\": \"exact\", \"network\": \"eip155:84532\", \"amount\": \"100000\","
                + " \"asset\": \"USDC\", \"pay_to\": \"0x2222222222222222222222222222222222222222\", \"resource\": \"https://api.example.com/data\"}, \"max_amount_usd\": \"0.10\"}", 200);
        call("POST", "/api/v1/x402/authorize", token, "{\"payment_requirements\": {\"scheme\": \"exact\", \"network\": \"eip155:1\", \"amount\": \"1\","
                + " \"asset\": \"USDC\", \"pay_to\": \"0x2222222222222222222222222222222222222222\"}, \"max_amount_usd\": \"0.10\"}", 200);
        if (x != null && x.path("authorized").asBoolean()) {
            call("POST", "/api/v1/x402/report", token, "{\"authorization_id\": \"" + x.get("authorization_id").asText() + "\", \"tx_hash\": \"0xabc123\", \"actual_amount_usd\": \"0.09\"}", 200);
        }
        call("GET", "/api/v1/x402/budget", token, null, 200);
        JsonNode svc = call("POST", "/v1/services", token, "{\"name\": \"Weather " + agentId + "\", \"price_per_call\": \"0.05\", \"endpoint_url\": \"https://weather.example.com/" + agentId + "\"}", 201);
        call("GET", "/v1/services", token, null, 200);
        if (svc != null) call("GET", "/v1/services/" + svc.get("id").asText(), token, null, 200);
        call("GET", "/v1/x402/keys", null, null, 200);

        // Discovery, and the end of an agent
        call("GET", "/openapi.json", null, null, 200);
        call("GET", "/openapi/spec.json", null, null, 200);
        call("GET", "/health", null, null, 200);
        call("POST", "/v1/agents/" + agentId + "/deregister", key(), null, 200);
        if (rule != null) call("DELETE", "/v1/account/budget-rules/" + rule.get("id").asText(), key(), null, 204);
        call("DELETE", "/v1/account/categories/widgets", key(), null, 204);
        call("POST", "/v1/account/kill-switch", key(), "{\"paused\": true}", 200);

        int events = checkWebhookPayloads();
        assertEquals(List.of(), problems, String.join("\n", problems));
        assertTrue(events >= 30, "event payloads checked: " + events);
        Set<Route> unchecked = EnumSet.complementOf(EnumSet.copyOf(checked));
        // Not driven here: the action-link pages (HTML, covered by their own tests), the x402
        // custodial wallet (always 503), the CSV export, the operator routes (OperatorTest).
        assertTrue(checked.size() >= 90, "routes checked: " + checked.size() + "; not: " + unchecked);
    }
}
