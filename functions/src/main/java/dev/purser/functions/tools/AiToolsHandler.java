package dev.purser.functions.tools;

import dev.purser.config.Env;
import dev.purser.config.Purser;
import dev.purser.functions.HttpApiHandler;
import dev.purser.functions.priming.Priming;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.tools.AiToolsApi;

/**
 * The agent tools for every framework ({@code GET /ai/tools}) and the plugin manifest: static
 * JSON from the tool definitions, no storage and no credential (like the fallback).
 */
public final class AiToolsHandler extends HttpApiHandler {
    private final AiToolsApi api;

    /** Lambda's constructor: no storage here, priming exercises everything but the DynamoDB calls. */
    public AiToolsHandler() {
        Priming.register(null);
        this.api = new AiToolsApi(System.getenv(Env.PUBLIC_BASE_URL));
    }

    public AiToolsHandler(Purser purser) {
        this.api = new AiToolsApi(purser.env().get(Env.PUBLIC_BASE_URL, ""));
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
