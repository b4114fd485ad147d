package dev.purser.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpResponse;
import dev.purser.http.Route;
import dev.purser.json.Json;

/**
 * The HTTP API's {@code $default} route and {@code GET /health}. HTTP APIs have no gateway
 * responses to customise, so unknown paths come here to get JSON {@code {"detail": ...}} 404s and
 * 405s like every other error (LetAgentPay's clients parse every error body as JSON).
 */
public final class FallbackHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        var request = ApiGateway.request(event);
        if (request.route() == Route.HEALTH) {
            return ApiGateway.response(HttpResponse.json(200, Json.object().put("status", "ok")));
        }
        return ApiGateway.response(Endpoints.handle(request, r -> Endpoints.fallback(r.method(), r.rawPath())));
    }
}
