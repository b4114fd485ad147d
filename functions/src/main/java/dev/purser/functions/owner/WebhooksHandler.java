package dev.purser.functions.owner;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.purser.config.Purser;
import dev.purser.functions.ApiGateway;
import dev.purser.webhooks.WebhooksApi;

/** Webhook subscriptions of the owner API: {@code /v1/webhooks…}. */
public final class WebhooksHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final WebhooksApi api;

    public WebhooksHandler() {
        this(Purser.fromEnvironment());
    }

    public WebhooksHandler(Purser purser) {
        this.api = new WebhooksApi(purser);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiGateway.response(api.handle(ApiGateway.request(event)));
    }
}
