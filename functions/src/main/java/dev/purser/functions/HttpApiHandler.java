package dev.purser.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.purser.functions.observe.Observability;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;

/**
 * An HTTP API Lambda: translates the payload-v2 event into an {@link HttpRequest}, hands it to
 * {@code shared}, and translates the answer back. Subclasses only say which call on shared.
 */
public abstract class HttpApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        // Every API error becomes its JSON answer here, whatever the subclass forgot.
        return Observability.api(event, context,
                () -> ApiGateway.response(Endpoints.handle(ApiGateway.request(event), this::handle)));
    }

    protected abstract HttpResponse handle(HttpRequest request);
}
