package dev.purser.functions.agent;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.purser.agentapi.RequestReadsApi;
import dev.purser.config.Purser;
import dev.purser.functions.ApiGateway;

/** The Agent API's reads: list and get requests, budget, policy, categories. */
public final class RequestReadsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final RequestReadsApi api;

    /** Lambda's constructor: clients are built once per container, here, not per invocation. */
    public RequestReadsHandler() {
        this(Purser.fromEnvironment());
    }

    public RequestReadsHandler(Purser purser) {
        this.api = new RequestReadsApi(purser);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiGateway.response(api.handle(ApiGateway.request(event)));
    }
}
