package dev.purser.functions.agent;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.purser.agentapi.ConfirmApi;
import dev.purser.config.Purser;
import dev.purser.functions.ApiGateway;

/** Confirms an approved purchase with its actual amount: POST /requests/{id}/confirm. */
public final class ConfirmRequestHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ConfirmApi api;

    /** Lambda's constructor: clients are built once per container, here, not per invocation. */
    public ConfirmRequestHandler() {
        this(Purser.fromEnvironment());
    }

    public ConfirmRequestHandler(Purser purser) {
        this.api = new ConfirmApi(purser);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiGateway.response(api.handle(ApiGateway.request(event)));
    }
}
