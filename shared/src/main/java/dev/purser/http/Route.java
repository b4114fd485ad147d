package dev.purser.http;

import static dev.purser.http.LambdaFunction.*;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The routing table, defined once. The CDK stack makes one HTTP API route per constant (route key
 * {@code "METHOD /path/{param}"}, exactly API Gateway's syntax) and the local runtime matches
 * incoming requests against the same constants. Anything else reaches the {@code $default} route.
 */
public enum Route {
    // Agent API: /api/v1/agent-api (LetAgentPay wire contract)
    AGENT_CREATE_REQUEST("POST", "/api/v1/agent-api/requests", CREATE_REQUEST),
    AGENT_CHECK_REQUEST("POST", "/api/v1/agent-api/requests/check", CHECK_REQUEST),
    AGENT_LIST_REQUESTS("GET", "/api/v1/agent-api/requests", REQUEST_READS),
    AGENT_GET_REQUEST("GET", "/api/v1/agent-api/requests/{request_id}", REQUEST_READS),
    AGENT_CONFIRM_REQUEST("POST", "/api/v1/agent-api/requests/{request_id}/confirm", CONFIRM_REQUEST),
    AGENT_GET_BUDGET("GET", "/api/v1/agent-api/budget", REQUEST_READS),
    AGENT_GET_POLICY("GET", "/api/v1/agent-api/policy", REQUEST_READS),
    AGENT_GET_CATEGORIES("GET", "/api/v1/agent-api/categories", REQUEST_READS),

    // x402 router: /api/v1/x402 (LetAgentPay wire contract, spec §4)
    X402_AUTHORIZE("POST", "/api/v1/x402/authorize", X402),
    X402_REPORT("POST", "/api/v1/x402/report", X402),
    X402_BUDGET("GET", "/api/v1/x402/budget", X402),
    X402_REGISTER_WALLET("POST", "/api/v1/x402/wallets", X402),
    X402_CREATE_WALLET("POST", "/api/v1/x402/wallets/create", X402),
    X402_LIST_WALLETS("GET", "/api/v1/x402/wallets", X402),

    // Service marketplace (issue 13 part B): /v1/services, agent bearer token
    SERVICES_REGISTER("POST", "/v1/services", SERVICES),
    SERVICES_LIST("GET", "/v1/services", SERVICES),
    SERVICES_GET("GET", "/v1/services/{service_id}", SERVICES),
    X402_KEYS("GET", "/v1/x402/keys", SERVICES),
    // x402 payment tokens (issue 13 part B): agent bearer token; requirements are public
    SERVICE_AUTHORIZE("POST", "/v1/services/{service_id}/authorize", X402_TOKENS),
    X402_VERIFY("POST", "/v1/x402/verify", X402_TOKENS),
    X402_TOKEN_CALL_STARTED("POST", "/v1/x402/tokens/{token_id}/call-started", X402_TOKENS),
    X402_TOKEN_CALL_ACCEPTED("POST", "/v1/x402/tokens/{token_id}/call-accepted", X402_TOKENS),
    X402_TOKEN_CALL_COMPLETED("POST", "/v1/x402/tokens/{token_id}/call-completed", X402_TOKENS),
    X402_TOKEN_CANCEL("DELETE", "/v1/x402/tokens/{token_id}", X402_TOKENS),
    X402_TOKEN_GET("GET", "/v1/x402/tokens/{token_id}", X402_TOKENS),
    X402_REQUIREMENTS("GET", "/v1/x402/requirements", X402_TOKENS),
    // x402 v2 facilitator for Purser's own scheme (issue 28): the official middleware's verify/settle/supported
    X402_FACILITATOR_VERIFY("POST", "/v1/x402/facilitator/verify", X402_TOKENS),
    X402_FACILITATOR_SETTLE("POST", "/v1/x402/facilitator/settle", X402_TOKENS),
    X402_FACILITATOR_SUPPORTED("GET", "/v1/x402/facilitator/supported", X402_TOKENS),

    // Owner API: /v1
    OWNER_GET_ACCOUNT("GET", "/v1/account", OWNER_ACCOUNT),
    OWNER_PATCH_ACCOUNT("PATCH", "/v1/account", OWNER_ACCOUNT),
    OWNER_KILL_SWITCH("POST", "/v1/account/kill-switch", OWNER_ACCOUNT),
    OWNER_LIST_CATEGORIES("GET", "/v1/account/categories", OWNER_ACCOUNT),
    OWNER_ADD_CATEGORY("POST", "/v1/account/categories", OWNER_ACCOUNT),
    OWNER_IMPORT_CATEGORIES("POST", "/v1/account/categories/import-defaults", OWNER_ACCOUNT),
    OWNER_REMOVE_CATEGORY("DELETE", "/v1/account/categories/{name}", OWNER_ACCOUNT),
    OWNER_ADD_ALIAS("POST", "/v1/account/categories/{name}/aliases", OWNER_ACCOUNT),
    OWNER_REMOVE_ALIAS("DELETE", "/v1/account/categories/{name}/aliases/{alias}", OWNER_ACCOUNT),
    OWNER_LIST_RULES("GET", "/v1/account/budget-rules", OWNER_ACCOUNT),
    OWNER_CREATE_RULE("POST", "/v1/account/budget-rules", OWNER_ACCOUNT),
    OWNER_GET_RULE("GET", "/v1/account/budget-rules/{rule_id}", OWNER_ACCOUNT),
    OWNER_PATCH_RULE("PATCH", "/v1/account/budget-rules/{rule_id}", OWNER_ACCOUNT),
    OWNER_DELETE_RULE("DELETE", "/v1/account/budget-rules/{rule_id}", OWNER_ACCOUNT),
    OWNER_LIST_KEYS("GET", "/v1/account/keys", OWNER_ACCOUNT),
    OWNER_CREATE_KEY("POST", "/v1/account/keys", OWNER_ACCOUNT),
    OWNER_REVOKE_KEY("DELETE", "/v1/account/keys/{key_id}", OWNER_ACCOUNT),

    OWNER_REGISTER_AGENT("POST", "/v1/agents/register", OWNER_AGENTS),
    OWNER_LIST_AGENTS("GET", "/v1/agents", OWNER_AGENTS),
    OWNER_GET_AGENT("GET", "/v1/agents/{agent_id}", OWNER_AGENTS),
    OWNER_PATCH_AGENT("PATCH", "/v1/agents/{agent_id}", OWNER_AGENTS),
    OWNER_DEREGISTER_AGENT("POST", "/v1/agents/{agent_id}/deregister", OWNER_AGENTS),
    OWNER_AGENT_SPENDING("GET", "/v1/agents/{agent_id}/spending", OWNER_AGENTS),
    OWNER_CREATE_TOKEN("POST", "/v1/agents/{agent_id}/tokens", OWNER_AGENTS),
    OWNER_LIST_TOKENS("GET", "/v1/agents/{agent_id}/tokens", OWNER_AGENTS),
    OWNER_REVOKE_TOKEN("DELETE", "/v1/agents/{agent_id}/tokens/{token_id}", OWNER_AGENTS),
    OWNER_GET_POLICY("GET", "/v1/agents/{agent_id}/policy", OWNER_AGENTS),
    OWNER_PUT_POLICY("PUT", "/v1/agents/{agent_id}/policy", OWNER_AGENTS),
    OWNER_PATCH_POLICY("PATCH", "/v1/agents/{agent_id}/policy", OWNER_AGENTS),
    OWNER_CHECK_AGENT("POST", "/v1/agents/{agent_id}/check", OWNER_AGENTS),
    // ShadowPay's spend policy and approval queue (seed 001, docs/compatibility.md). The literal
    // "transactions" segment wins over {agent_id}, as in API Gateway (see match).
    OWNER_GET_SPEND_POLICY("GET", "/v1/agents/{agent_id}/spend-policy", OWNER_AGENTS),
    OWNER_PATCH_SPEND_POLICY("PATCH", "/v1/agents/{agent_id}/spend-policy", OWNER_AGENTS),
    OWNER_PENDING_TRANSACTIONS("GET", "/v1/agents/transactions/pending", REQUEST_REVIEW),
    OWNER_APPROVE_TRANSACTION("POST", "/v1/agents/transactions/{transaction_id}/approve", REQUEST_REVIEW),
    OWNER_REJECT_TRANSACTION("POST", "/v1/agents/transactions/{transaction_id}/reject", REQUEST_REVIEW),

    OWNER_LIST_REQUESTS("GET", "/v1/requests", REQUEST_REVIEW),
    OWNER_GET_REQUEST("GET", "/v1/requests/{request_id}", REQUEST_REVIEW),
    OWNER_APPROVE_REQUEST("POST", "/v1/requests/{request_id}/approve", REQUEST_REVIEW),
    OWNER_REJECT_REQUEST("POST", "/v1/requests/{request_id}/reject", REQUEST_REVIEW),
    ACTION_LINK_PAGE("GET", "/v1/actions/{token}", REQUEST_REVIEW),
    ACTION_LINK_PERFORM("POST", "/v1/actions/{token}", REQUEST_REVIEW),

    OWNER_CREATE_WEBHOOK("POST", "/v1/webhooks", OWNER_WEBHOOKS),
    OWNER_LIST_WEBHOOKS("GET", "/v1/webhooks", OWNER_WEBHOOKS),
    OWNER_GET_WEBHOOK("GET", "/v1/webhooks/{webhook_id}", OWNER_WEBHOOKS),
    OWNER_PATCH_WEBHOOK("PATCH", "/v1/webhooks/{webhook_id}", OWNER_WEBHOOKS),
    OWNER_DELETE_WEBHOOK("DELETE", "/v1/webhooks/{webhook_id}", OWNER_WEBHOOKS),
    OWNER_ROTATE_WEBHOOK_SECRET("POST", "/v1/webhooks/{webhook_id}/rotate-secret", OWNER_WEBHOOKS),
    OWNER_TEST_WEBHOOK("POST", "/v1/webhooks/{webhook_id}/test", OWNER_WEBHOOKS),
    OWNER_WEBHOOK_DELIVERIES("GET", "/v1/webhooks/{webhook_id}/deliveries", OWNER_WEBHOOKS),

    // Wallets, payments and payouts: /v1 (docs/ledger.md); agent token or owner key
    CREATE_WALLET("POST", "/v1/wallets", WALLETS),
    LIST_WALLETS("GET", "/v1/wallets", WALLETS),
    GET_WALLET("GET", "/v1/wallets/{wallet_id}", WALLETS),
    GET_WALLET_BALANCE("GET", "/v1/wallets/{wallet_id}/balance", WALLETS),
    LIST_WALLET_TRANSACTIONS("GET", "/v1/wallets/{wallet_id}/transactions", WALLETS),
    FUND_WALLET("POST", "/v1/wallets/{wallet_id}/fund", WALLETS),
    CREATE_PAYMENT("POST", "/v1/payments", PAYMENTS),
    LIST_PAYMENTS("GET", "/v1/payments", PAYMENTS),
    EXPORT_PAYMENTS("GET", "/v1/payments/export", PAYMENTS),
    GET_PAYMENT("GET", "/v1/payments/{payment_id}", PAYMENTS),
    GET_PAYMENT_RECEIPT("GET", "/v1/payments/{payment_id}/receipt", PAYMENTS),
    REFUND_PAYMENT("POST", "/v1/payments/{payment_id}/refund", PAYMENTS),
    CREATE_PAYOUT("POST", "/v1/payouts", PAYOUTS),
    LIST_PAYOUTS("GET", "/v1/payouts", PAYOUTS),
    GET_PAYOUT("GET", "/v1/payouts/{payout_id}", PAYOUTS),
    LIST_PAYOUT_DESTINATIONS("GET", "/v1/account/payout-destinations", PAYOUTS),
    APPROVE_PAYOUT_DESTINATION("POST", "/v1/account/payout-destinations", PAYOUTS),
    REMOVE_PAYOUT_DESTINATION("DELETE", "/v1/account/payout-destinations/{destination_id}", PAYOUTS),
    GET_PAYOUT_SETTINGS("GET", "/v1/account/payout-settings", PAYOUTS),
    PATCH_PAYOUT_SETTINGS("PATCH", "/v1/account/payout-settings", PAYOUTS),
    // SpendGuard: /v1/spend-guard (agent token for itself, or owner key naming the agent)
    SG_ESTIMATE("POST", "/v1/spend-guard/estimate", SPEND_GUARD),
    SG_AUTHORIZE("POST", "/v1/spend-guard/authorize", SPEND_GUARD),
    SG_CREATE_RESERVATION("POST", "/v1/spend-guard/reservations", SPEND_GUARD),
    SG_LIST_RESERVATIONS("GET", "/v1/spend-guard/reservations", SPEND_GUARD),
    SG_GET_RESERVATION("GET", "/v1/spend-guard/reservations/{reservation_id}", SPEND_GUARD),
    SG_CAPTURE_RESERVATION("POST", "/v1/spend-guard/reservations/{reservation_id}/capture", SPEND_GUARD),
    SG_RELEASE_RESERVATION("POST", "/v1/spend-guard/reservations/{reservation_id}/release", SPEND_GUARD),
    SG_USAGE_SUMMARY("GET", "/v1/spend-guard/usage/summary", SPEND_GUARD),
    SG_GET_PRICE_TABLE("GET", "/v1/spend-guard/price-table", SPEND_GUARD),
    SG_PUT_PRICE_TABLE("PUT", "/v1/spend-guard/price-table", SPEND_GUARD),
    SG_CREATE_LEASE("POST", "/v1/spend-guard/budget-leases", SPEND_GUARD),
    SG_LIST_LEASES("GET", "/v1/spend-guard/budget-leases", SPEND_GUARD),
    SG_GET_LEASE("GET", "/v1/spend-guard/budget-leases/{lease_id}", SPEND_GUARD),
    SG_RELEASE_LEASE("POST", "/v1/spend-guard/budget-leases/{lease_id}/release", SPEND_GUARD),

    // Mandates (owner key; execution tokens also by the mandate's agent)
    MANDATE_CREATE("POST", "/v1/mandates", MANDATES),
    MANDATE_LIST("GET", "/v1/mandates", MANDATES),
    MANDATE_GET("GET", "/v1/mandates/{mandate_id}", MANDATES),
    MANDATE_PUT("PUT", "/v1/mandates/{mandate_id}", MANDATES),
    MANDATE_EXECUTION_TOKEN("POST", "/v1/mandates/{mandate_id}/execution-tokens", MANDATES),
    // Operator API: /v1/operator (deployment-wide operator key, docs/operator.md)
    OPERATOR_BLOCK_ACCOUNT("POST", "/v1/operator/accounts/{account_id}/block", OPERATOR),
    OPERATOR_UNBLOCK_ACCOUNT("POST", "/v1/operator/accounts/{account_id}/unblock", OPERATOR),
    OPERATOR_LIST_DISPUTES("GET", "/v1/operator/disputes", OPERATOR),
    OPERATOR_GET_DISPUTE("GET", "/v1/operator/disputes/{dispute_id}", OPERATOR),
    OPERATOR_REVIEW_DISPUTE("POST", "/v1/operator/disputes/{dispute_id}/review", OPERATOR),
    OPERATOR_RESOLVE_DISPUTE("POST", "/v1/operator/disputes/{dispute_id}/resolve", OPERATOR),
    OPERATOR_VERIFY_SERVICE("POST", "/v1/operator/services/{service_id}/verify", OPERATOR),
    OPERATOR_UNVERIFY_SERVICE("POST", "/v1/operator/services/{service_id}/unverify", OPERATOR),
    // Disputes (docs/disputes.md): a party to the payment, agent token or owner key
    DISPUTE_OPEN("POST", "/v1/disputes", DISPUTES),
    DISPUTE_LIST("GET", "/v1/disputes", DISPUTES),
    DISPUTE_GET("GET", "/v1/disputes/{dispute_id}", DISPUTES),
    DISPUTE_ADD_EVIDENCE("POST", "/v1/disputes/{dispute_id}/evidence", DISPUTES),
    DISPUTE_WITHDRAW("POST", "/v1/disputes/{dispute_id}/withdraw", DISPUTES),

    // Discovery: the OpenAPI document (docs/openapi.md), no authentication
    OPENAPI_JSON("GET", "/openapi.json", DISCOVERY),
    OPENAPI_SPEC_JSON("GET", "/openapi/spec.json", DISCOVERY),

    // Agent tooling (docs/mcp.md): tool schemas per framework, the plugin manifest, the MCP server
    AI_TOOLS_LIST("GET", "/ai/tools", AI_TOOLS),
    AI_PLUGIN_MANIFEST("GET", "/.well-known/ai-plugin.json", AI_TOOLS),
    MCP_STREAMABLE_HTTP("POST", "/mcp", MCP),

    HEALTH("GET", "/health", FALLBACK);

    /** API Gateway's catch-all route key; served by {@link LambdaFunction#FALLBACK}. */
    public static final String DEFAULT_ROUTE_KEY = "$default";

    private static final Map<String, Route> BY_KEY =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Route::routeKey, Function.identity()));

    private final String method;
    private final String path;
    private final LambdaFunction function;
    private final String[] segments;

    Route(String method, String path, LambdaFunction function) {
        this.method = method;
        this.path = path;
        this.function = function;
        this.segments = path.substring(1).split("/");
    }

    public String method() { return method; }

    public String path() { return path; }

    public LambdaFunction function() { return function; }

    /** {@code "POST /api/v1/agent-api/requests"}: API Gateway's route key. */
    public String routeKey() { return method + " " + path; }

    public static Optional<Route> byKey(String routeKey) {
        return Optional.ofNullable(BY_KEY.get(routeKey));
    }

    public static List<Route> servedBy(LambdaFunction function) {
        return Arrays.stream(values()).filter(r -> r.function == function).toList();
    }

    /**
     * Path parameters if {@code rawPath} matches this route's template, else empty. Literal
     * segments win over parameters, as in API Gateway: see {@link #match(String, String)}.
     */
    public Optional<Map<String, String>> matchPath(String rawPath) {
        String trimmed = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        String[] parts = trimmed.split("/", -1);
        if (parts.length != segments.length) {
            return Optional.empty();
        }
        var params = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < parts.length; i++) {
            String seg = segments[i];
            if (seg.startsWith("{")) {
                if (parts[i].isEmpty()) {
                    return Optional.empty();
                }
                params.put(seg.substring(1, seg.length() - 1), parts[i]);
            } else if (!seg.equals(parts[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    private int literalSegments() {
        int n = 0;
        for (String s : segments) {
            if (!s.startsWith("{")) n++;
        }
        return n;
    }

    /** The outcome of matching a method and path against the whole table. */
    public sealed interface Match {
        record Found(Route route, Map<String, String> pathParameters) implements Match {}
        /** The path exists but not for this method: 405. */
        record WrongMethod() implements Match {}
        /** No route has this path: 404. */
        record NotFound() implements Match {}
    }

    /**
     * API Gateway's choice among routes: the most specific path (most literal segments) wins;
     * a path known only for other methods is a 405.
     */
    public static Match match(String method, String rawPath) {
        Route best = null;
        Map<String, String> bestParams = null;
        boolean pathKnown = false;
        for (Route r : values()) {
            var params = r.matchPath(rawPath);
            if (params.isEmpty()) continue;
            pathKnown = true;
            if (!r.method.equals(method)) continue;
            if (best == null || r.literalSegments() > best.literalSegments()) {
                best = r;
                bestParams = params.get();
            }
        }
        if (best != null) return new Match.Found(best, bestParams);
        return pathKnown ? new Match.WrongMethod() : new Match.NotFound();
    }
}
