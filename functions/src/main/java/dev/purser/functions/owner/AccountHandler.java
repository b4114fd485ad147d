package dev.purser.functions.owner;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.purser.config.Purser;
import dev.purser.functions.ApiGateway;
import dev.purser.http.Endpoints;
import dev.purser.owner.AccountApi;

/** Owner API /v1/account: settings, kill switch, categories, budget rules, owner keys. */
public final class AccountHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final AccountApi api;

    /** Lambda's constructor: clients are built once per container, here, not per invocation. */
    public AccountHandler() {
        this(Purser.fromEnvironment());
    }

    public AccountHandler(Purser purser) {
        this.api = new AccountApi(purser);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiGateway.response(Endpoints.handle(ApiGateway.request(event), api::handle));
    }
}
