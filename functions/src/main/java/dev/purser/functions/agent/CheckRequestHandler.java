package dev.purser.functions.agent;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.purser.agentapi.CreateRequestApi;
import dev.purser.config.Purser;
import dev.purser.functions.ApiGateway;

/** The policy checks Lambda: a dry run of POST /requests that changes nothing. */
public final class CheckRequestHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final CreateRequestApi api;

    /** Lambda's constructor: clients are built once per container, here, not per invocation. */
    public CheckRequestHandler() {
        this(Purser.fromEnvironment());
    }

    public CheckRequestHandler(Purser purser) {
        this.api = new CreateRequestApi(purser);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiGateway.response(api.check(ApiGateway.request(event)));
    }
}
