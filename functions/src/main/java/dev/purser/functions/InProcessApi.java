package dev.purser.functions;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Plays API Gateway in-process: matches a request against the routing table exactly as the HTTP API
 * does (most specific route; anything else goes to {@code $default}), builds the payload-v2 event
 * the deployed function would receive, and invokes the same handler class. The local runtime's
 * HTTP front and the tests both go through here.
 */
public final class InProcessApi {
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z").withZone(ZoneOffset.UTC);

    private final Handlers handlers;

    public InProcessApi(Handlers handlers) {
        this.handlers = handlers;
    }

    /**
     * @param rawQuery the undecoded query string without {@code ?}, or null
     * @param headers header names in any case
     */
    public HttpResponse invoke(String method, String rawPath, String rawQuery, Map<String, String> headers, String body,
                               String sourceIp) {
        APIGatewayV2HTTPEvent event = event(method, rawPath, rawQuery, headers, body, sourceIp);
        LambdaFunction function = event.getRouteKey().equals(Route.DEFAULT_ROUTE_KEY)
                ? LambdaFunction.FALLBACK
                : Route.byKey(event.getRouteKey()).orElseThrow().function();
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = handlers.get(function);
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        Map<String, String> responseHeaders = response.getHeaders() == null ? Map.of() : response.getHeaders();
        return new HttpResponse(response.getStatusCode(), responseHeaders, response.getBody());
    }

    /** The payload-v2 event API Gateway would build for this request. */
    public static APIGatewayV2HTTPEvent event(String method, String rawPath, String rawQuery, Map<String, String> headers,
                                              String body, String sourceIp) {
        Route.Match match = Route.match(method, rawPath);
        String routeKey = Route.DEFAULT_ROUTE_KEY;
        Map<String, String> pathParameters = null;
        if (match instanceof Route.Match.Found found) {
            routeKey = found.route().routeKey();
            pathParameters = new LinkedHashMap<>();
            for (var e : found.pathParameters().entrySet()) {
                pathParameters.put(e.getKey(), URLDecoder.decode(e.getValue(), StandardCharsets.UTF_8));
            }
        }
        Map<String, String> lowerHeaders = new HashMap<>();
        if (headers != null) headers.forEach((k, v) -> lowerHeaders.put(k.toLowerCase(java.util.Locale.ROOT), v));
        Instant now = Instant.now();
        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(method).withPath(rawPath).withProtocol("HTTP/1.1")
                .withSourceIp(sourceIp == null ? "127.0.0.1" : sourceIp)
                .withUserAgent(lowerHeaders.get("user-agent"))
                .build();
        var context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId("000000000000").withApiId("local").withStage("$default")
                .withDomainName(lowerHeaders.getOrDefault("host", "localhost"))
                .withRequestId(UUID.randomUUID().toString())
                .withRouteKey(routeKey)
                .withTime(REQUEST_TIME.format(now)).withTimeEpoch(now.toEpochMilli())
                .withHttp(http)
                .build();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(rawPath)
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withHeaders(lowerHeaders)
                .withQueryStringParameters(query(rawQuery))
                .withPathParameters(pathParameters)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(context)
                .build();
    }

    /** API Gateway decodes query values and joins repeated keys with commas. */
    static Map<String, String> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) return null;
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.merge(k, v, (a, b) -> a + "," + b);
        }
        return out;
    }
}
