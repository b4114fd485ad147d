package dev.purser.functions.priming;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.purser.auth.Secrets;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The priming identity's items, in the stores' shapes: an account, an agent and its token, all
 * named {@value Priming#KEY}. They exist only in memory (the cancelled commits of
 * {@link Priming} and the {@link CannedDynamo} of {@link DecisionRehearsal}); no real table ever
 * holds them, and no real id can collide with them (real ids are {@code acct_…}/{@code agent_…},
 * a real token hash is 64 hex digits).
 */
final class PrimingItems {
    /** The bearer token the rehearsal presents; its hash keys the canned token item. */
    static final String TOKEN = "agt_priming_rehearsal_only";

    static final String POLICY = """
            {"daily_limit": 500, "weekly_limit": 2000, "monthly_limit": 5000, "per_request_limit": 300,
             "requests_per_minute": 10, "requests_per_hour": 200,
             "blocked_categories": ["gambling"], "allowed_merchants": ["*.example.com"],
             "blocked_merchants": ["ads.example.com"],
             "schedule": {"timezone": "UTC", "default": {"allow": "00:00-23:59"},
                          "overrides": [{"days": ["sat", "sun"], "allow": "10:00-16:00", "daily_limit": 100}]},
             "auto_approve": {"enabled": true, "max_amount": 50, "categories": ["software"]}}""";

    /**
     * The priming identity's time: a Wednesday noon, inside every window of {@link #POLICY} (its
     * weekend override would refuse the pending amount, and at night everything).
     */
    static final Instant NOW = Instant.parse("2026-01-07T12:00:00Z");

    static final String RULE =
            "{\"id\": \"priming\", \"name\": \"priming\", \"limit_type\": \"daily\", \"limit_amount\": \"1500.00\"}";

    private PrimingItems() {}

    static Map<String, AttributeValue> agent() {
        return Map.ofEntries(
                Map.entry(TableDefinition.PK, s(Keys.agent(Priming.KEY))), Map.entry(TableDefinition.SK, s(Keys.AGENT_SK)),
                Map.entry("agent_id", s(Priming.KEY)), Map.entry("account_id", s(Priming.KEY)),
                Map.entry("name", s("priming")), Map.entry("status", s("active")),
                Map.entry("policy", s(POLICY)), Map.entry("budget", n(100000)),
                Map.entry("spent", n(1000)), Map.entry("held", n(500)), Map.entry("pending_count", n(1)),
                Map.entry("created_at", s("2026-01-01T00:00:00Z")), Map.entry("updated_at", s("2026-01-01T00:00:00Z")));
    }

    static Map<String, AttributeValue> account() {
        return Map.ofEntries(
                Map.entry(TableDefinition.PK, s(Keys.account(Priming.KEY))), Map.entry(TableDefinition.SK, s(Keys.ACCOUNT_SK)),
                Map.entry("account_id", s(Priming.KEY)), Map.entry("name", s("priming")),
                Map.entry("currency", s("USD")), Map.entry("timezone", s("UTC")),
                Map.entry("request_expiry_minutes", n(30)),
                Map.entry("categories", AttributeValue.fromL(List.of(s("software")))),
                Map.entry("rules", AttributeValue.fromL(List.of(s(RULE)))),
                Map.entry("version", n(1)),
                Map.entry("created_at", s("2026-01-01T00:00:00Z")), Map.entry("updated_at", s("2026-01-01T00:00:00Z")));
    }

    /** The token item of {@link #TOKEN}: active, naming the priming agent and account. */
    static Map<String, AttributeValue> token() {
        String hash = Secrets.sha256Hex(TOKEN);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(Keys.token(hash)));
        item.put(TableDefinition.SK, s(Keys.TOKEN_SK));
        item.put("token_id", s(Priming.KEY));
        item.put("token_hash", s(hash));
        item.put("agent_id", s(Priming.KEY));
        item.put("account_id", s(Priming.KEY));
        item.put("prefix", s(TOKEN.substring(0, 8)));
        item.put("name", s("priming"));
        item.put("active", AttributeValue.fromBool(true));
        item.put("created_at", s("2026-01-01T00:00:00Z"));
        return item;
    }

    /** A decision's event as API Gateway sends it ({@code POST /requests}), with these headers and body. */
    static APIGatewayV2HTTPEvent decisionEvent(Map<String, String> headers, String body) {
        String path = "/api/v1/agent-api/requests";
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey("POST " + path)
                .withRawPath(path)
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("priming")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST").withPath(path).withSourceIp("127.0.0.1").build())
                        .build())
                .build();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
