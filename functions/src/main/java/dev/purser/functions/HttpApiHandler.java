package dev.purser.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.purser.functions.apigateway.ApiGateway;
import dev.purser.functions.observe.Observability;
import dev.purser.config.Purser;
import dev.purser.http.Endpoints;
import dev.purser.throttle.Throttles;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;

/**
 * An HTTP API Lambda: translates the payload-v2 event into an {@link HttpRequest}, hands it to
 * {@code shared}, and translates the answer back. Subclasses only say which call on shared.
 */
public abstract class HttpApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final Throttles throttles;

    /** A function without credentials (the fallback): no failed-authentication limit. */
    protected HttpApiHandler() {
        this.throttles = null;
    }

    /** A function that authenticates: its 401s count against the source's failed-authentication limit. */
    protected HttpApiHandler(Purser purser) {
        this.throttles = purser.throttles();
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        // Every API error becomes its JSON answer here, whatever the subclass forgot; the edge's
        // bounds (http/Limits) and throttles apply to every route alike.
        return Observability.api(event, context, () -> {
            HttpRequest request = ApiGateway.request(event);
            return ApiGateway.response(throttles == null
                    ? Endpoints.handle(request, this::handle)
                    : Endpoints.handle(request, this::handle, throttles));
        });
    }

    protected abstract HttpResponse handle(HttpRequest request);
}
