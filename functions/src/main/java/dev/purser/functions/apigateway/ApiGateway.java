package dev.purser.functions.apigateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.Limits;
import dev.purser.http.Route;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Translates API Gateway HTTP API (payload v2) events to Purser's HTTP types and back. */
public final class ApiGateway {
    private ApiGateway() {}

    public static HttpRequest request(APIGatewayV2HTTPEvent event) {
        Route route = event.getRouteKey() == null ? null : Route.byKey(event.getRouteKey()).orElse(null);
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        String method = http != null ? http.getMethod() : route != null ? route.method() : "GET";
        String body = event.getBody();
        // A body already far over the edge's bound (http/Limits) is left encoded: Limits refuses it
        // by its size (413 body_too_large) without it ever being decoded.
        if (body != null && event.getIsBase64Encoded() && body.length() <= 2 * Limits.BODY_BYTES) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        return new HttpRequest(route, method, event.getRawPath() == null ? "/" : event.getRawPath(),
                event.getPathParameters(), event.getQueryStringParameters(), headers, body,
                http == null ? null : http.getSourceIp());
    }

    public static APIGatewayV2HTTPResponse response(HttpResponse response) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }
}
