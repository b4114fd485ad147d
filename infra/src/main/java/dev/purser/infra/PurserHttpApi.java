package dev.purser.infra;

import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.CfnIntegration;
import software.amazon.awscdk.services.apigatewayv2.CfnRoute;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Permission;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The HTTP API: one route per {@link Route} constant, plus {@code $default}, each a Lambda proxy
 * integration (payload format 2.0) on the function's {@code live} alias.
 *
 * <p>Why {@code $default} exists: HTTP APIs have no gateway responses, so API Gateway's own 404
 * for an unknown route would be {@code {"message":"Not Found"}}, not the API's
 * {@code {"detail": ...}} error shape. Every request no route matches (unknown path, or a known
 * path with another method) goes to the fallback function instead, which answers in our shape.
 *
 * <p>Routes and integrations are L1 resources: the L2 integration adds one Lambda permission per
 * route (about 60 here); one permission per alias, scoped to this API, is enough.
 */
public final class PurserHttpApi extends Construct {

    static final String PAYLOAD_FORMAT_VERSION = "2.0";

    /**
     * Stage throttling, per route (the stage's default route settings): steady requests per second
     * and burst. Far above one team's traffic (an agent may POST 60 times a minute), low enough that
     * a flood is refused by API Gateway with a 429 before it reaches a Lambda or DynamoDB. Failed
     * credentials and owner calls have their own, finer limits in the functions (docs/limits.md).
     */
    static final double THROTTLE_RATE_PER_SECOND = 200;
    static final int THROTTLE_BURST = 400;

    private final HttpApi api;
    private final LogGroup accessLogs;

    /**
     * The API alone: functions need its endpoint (their public base URL) before the routes can
     * point at them, so routes come second, from {@link #routeTo(Map)}.
     */
    public PurserHttpApi(Construct scope, String id, String apiName) {
        super(scope, id);
        // The $default stage with auto-deploy: one stage, its URL is the API endpoint itself.
        api = HttpApi.Builder.create(this, "Api")
                .apiName(apiName)
                .description("Purser agent and owner APIs")
                .createDefaultStage(true)
                .build();
        // The L2 default stage has no throttle option: set it on the generated CfnStage.
        CfnStage stage = (CfnStage) api.getDefaultStage().getNode().getDefaultChild();
        stage.setDefaultRouteSettings(CfnStage.RouteSettingsProperty.builder()
                .throttlingRateLimit(THROTTLE_RATE_PER_SECOND)
                .throttlingBurstLimit(THROTTLE_BURST)
                .build());
        accessLogs = LogGroup.Builder.create(this, "AccessLogs").retention(PurserFunction.LOG_RETENTION).build();
        stage.setAccessLogSettings(CfnStage.AccessLogSettingsProperty.builder()
                .destinationArn(accessLogs.getLogGroupArn())
                .format(ACCESS_LOG_FORMAT)
                .build());
    }

    /**
     * One JSON line per request: request id, route, status, latencies, caller address. No header
     * is logged, so neither an agent's bearer token nor an owner key (the Authorization header)
     * ever reaches the logs; nor the path: the route key names the route without its values,
     * and {@code /v1/actions/{token}} carries a signed action-link token in it.
     */
    static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\",\"routeKey\":\"$context.routeKey\","
            + "\"status\":\"$context.status\",\"responseLatency\":\"$context.responseLatency\","
            + "\"integrationLatency\":\"$context.integrationLatency\",\"requestTime\":\"$context.requestTime\","
            + "\"httpMethod\":\"$context.httpMethod\",\"protocol\":\"$context.protocol\","
            + "\"responseLength\":\"$context.responseLength\",\"sourceIp\":\"$context.identity.sourceIp\","
            + "\"integrationError\":\"$context.integrationErrorMessage\"}";

    /** Where the stage writes its access log (one JSON line per request, {@link #ACCESS_LOG_FORMAT}). */
    public LogGroup accessLogs() { return accessLogs; }

    /** Creates every route, each on the alias of the function {@link Route} names. */
    public void routeTo(Map<LambdaFunction, PurserFunction> functions) {
        Map<LambdaFunction, CfnIntegration> integrations = new EnumMap<>(LambdaFunction.class);
        for (Route route : Route.values()) {
            CfnIntegration integration = integrations.computeIfAbsent(route.function(),
                    f -> integrationFor(functions.get(f)));
            route(route.name(), route.routeKey(), integration);
        }
        CfnIntegration fallback = integrations.computeIfAbsent(LambdaFunction.FALLBACK,
                f -> integrationFor(functions.get(f)));
        route("DefaultRoute", Route.DEFAULT_ROUTE_KEY, fallback);
        // Every route (children of this construct, all created above).
        Nag.suppress(this, "AwsSolutions-APIG4", "the functions authenticate every call themselves (agent bearer tokens, owner "
                + "and operator keys, x402 tokens; public routes are listed in docs/openapi.md): an authorizer would be a second lookup");
    }

    public HttpApi api() { return api; }

    /** {@code https://{api-id}.execute-api.{region}.amazonaws.com}, no trailing slash. */
    public String endpoint() { return api.getApiEndpoint(); }

    private CfnIntegration integrationFor(PurserFunction function) {
        function.alias().addPermission("InvokeFromHttpApi", Permission.builder()
                .principal(new ServicePrincipal("apigateway.amazonaws.com"))
                .action("lambda:InvokeFunction")
                .sourceArn(Stack.of(this).formatArn(ArnComponents.builder()
                        .service("execute-api")
                        .resource(api.getApiId())
                        .resourceName("*")
                        .build()))
                .build());
        // In the function's own (capability) stack: the root keeps only the routes.
        return CfnIntegration.Builder.create(function, "Integration")
                .apiId(api.getApiId())
                .integrationType("AWS_PROXY")
                .integrationUri(function.alias().getFunctionArn())
                .payloadFormatVersion(PAYLOAD_FORMAT_VERSION)
                .build();
    }

    private void route(String id, String routeKey, CfnIntegration integration) {
        CfnRoute.Builder.create(this, id)
                .apiId(api.getApiId())
                .routeKey(routeKey)
                .target("integrations/" + integration.getRef())
                .build();
    }
}
