package dev.purser.functions.owner;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.purser.config.Purser;
import dev.purser.functions.ApiGateway;
import dev.purser.http.Endpoints;
import dev.purser.owner.RequestReviewApi;

/** Owner API /v1/requests (owner review) and the one-click links under /v1/actions. */
public final class RequestReviewHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final RequestReviewApi api;

    /** Lambda's constructor: clients are built once per container, here, not per invocation. */
    public RequestReviewHandler() {
        this(Purser.fromEnvironment());
    }

    public RequestReviewHandler(Purser purser) {
        this.api = new RequestReviewApi(purser);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiGateway.response(Endpoints.handle(ApiGateway.request(event), api::handle));
    }
}
