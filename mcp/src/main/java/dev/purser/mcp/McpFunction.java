package dev.purser.mcp;

import dev.purser.config.Purser;
import dev.purser.functions.HttpApiHandler;
import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.http.ApiError;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.payments.api.PaymentsWiring;
import dev.purser.tools.InProcessBackend;
import dev.purser.tools.ToolInvoker;
import dev.purser.wallets.Callers;

/**
 * {@code POST /mcp}: the MCP server over streamable HTTP (stateless JSON responses), authenticated
 * by the agent's bearer token, running the tools in-process on the same shared code as the API's
 * functions. Deployed from the mcp module's own jar ({@code mcp/target/purser-mcp.jar}); the local
 * runtime registers it with its other handlers.
 */
public final class McpFunction extends HttpApiHandler {
    private final StatelessHttp mcp;
    private final Callers callers;

    /** Lambda's constructor. */
    public McpFunction() {
        this(Priming.register(ContainerInit.purser()));
    }

    public McpFunction(Purser purser) {
        super(purser);
        this.mcp = new StatelessHttp(new ToolInvoker(new InProcessBackend(purser)));
        this.callers = PaymentsWiring.callers(purser);
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        // No valid credential, no MCP: answered before the protocol with the API's 401, which
        // counts against the failed-authentication limits like every entry point's (a wrong token
        // once got 200 with each tool's 401 inside, and was never counted). A paused agent's
        // token passes here: each tool answers its 403.
        String auth = request.header("authorization").orElse("");
        if (!auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.substring(7).isBlank()) {
            throw ApiError.detail(401, "Missing or invalid Authorization header: send Bearer <agent token>");
        }
        String token = auth.substring(7).strip();
        if (callers.authenticate(token) instanceof Callers.Auth.Unauthorized u) throw ApiError.detail(401, u.detail());
        return mcp.handle(request, token);
    }
}
