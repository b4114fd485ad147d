package dev.purser.mcp;

import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.json.Json;
import dev.purser.tools.ToolInvoker;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.io.IOException;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * MCP's streamable HTTP transport in its stateless, JSON-response form, on Purser's own
 * {@link HttpRequest}/{@link HttpResponse} (so the same code runs behind API Gateway and the local
 * front): one POST carries one JSON-RPC message; a request gets its response as
 * {@code application/json}, a notification or response gets 202. No session id and no SSE
 * stream: every call is self-contained and authenticated by its own bearer token, which suits a
 * Lambda (any container can answer any call). The SDK's stateless server
 * ({@link McpStatelessSyncServer}) does the protocol: initialize, tools/list, tools/call, ping.
 */
final class StatelessHttp implements McpStatelessServerTransport {
    static final String TOKEN = "purser.token";
    static final String PROTOCOL_VERSION = "mcp-protocol-version";

    private final McpJsonMapper mapper = McpJsonDefaults.getMapper();
    private volatile McpStatelessServerHandler handler;
    private final McpStatelessSyncServer server;

    StatelessHttp(ToolInvoker invoker) {
        this.server = McpServer.sync(this)
                .serverInfo(PurserMcp.NAME, PurserMcp.VERSION)
                .instructions(PurserMcp.INSTRUCTIONS)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(McpTools.forStateless(invoker, context -> (String) ((McpTransportContext) context).get(TOKEN)))
                .build();
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler handler) {
        this.handler = handler;
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty();
    }

    /**
     * @param token the request's bearer token (already known to be present)
     */
    HttpResponse handle(HttpRequest request, String token) {
        // The streamable HTTP transport: a client names its negotiated revision on every request
        // after initialize; one this server does not speak is a 400 (a missing header is the
        // spec's backwards-compatible default, 2025-03-26, which it does speak).
        String version = request.header(PROTOCOL_VERSION).orElse(null);
        if (version != null && !protocolVersions().contains(version.strip())) {
            return error(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Bad Request: unsupported " + PROTOCOL_VERSION
                    + " '" + version.strip() + "' (supported: " + String.join(", ", protocolVersions()) + ")");
        }
        if (!request.hasBody()) return error(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Empty body: POST one JSON-RPC message");
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(mapper, request.body());
        } catch (IOException | RuntimeException e) {
            // Jackson 3 (the SDK's mapper) throws unchecked exceptions; the SDK throws
            // IllegalArgumentException for a shape that is no JSON-RPC message.
            return error(null, McpSchema.ErrorCodes.PARSE_ERROR, "Not a JSON-RPC message");
        }
        McpTransportContext context = McpTransportContext.create(Map.of(TOKEN, token));
        if (message instanceof McpSchema.JSONRPCRequest call) {
            McpSchema.JSONRPCResponse response;
            try {
                response = handler.handleRequest(context, call)
                        .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
                        .block();
            } catch (RuntimeException e) {
                // e.g. tools/call without params: the SDK fails the call; the client gets the
                // protocol's error for it, never a 500.
                return error(call.id(), McpSchema.ErrorCodes.INVALID_PARAMS, "Invalid request: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            return json(200, response);
        }
        if (message instanceof McpSchema.JSONRPCNotification notification) {
            handler.handleNotification(context, notification)
                    .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
                    .block();
        }
        return new HttpResponse(202, Map.of(), "");
    }

    /** A JSON-RPC error, written by hand: the SDK's response type refuses the null id of a parse error. */
    private static HttpResponse error(Object id, int code, String message) {
        var body = Json.object().put("jsonrpc", McpSchema.JSONRPC_VERSION);
        if (id instanceof Number n) body.put("id", n.longValue());
        else if (id != null) body.put("id", id.toString());
        else body.putNull("id");
        body.putObject("error").put("code", code).put("message", message);
        return HttpResponse.json(400, body);
    }

    private HttpResponse json(int status, Object body) {
        try {
            return new HttpResponse(status, Map.of("content-type", "application/json"), mapper.writeValueAsString(body));
        } catch (IOException e) {
            return HttpResponse.json(500, Json.object().put("detail", "Internal server error"));
        }
    }

    McpStatelessSyncServer server() {
        return server;
    }
}
