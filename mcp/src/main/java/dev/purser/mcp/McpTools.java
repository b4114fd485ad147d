package dev.purser.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.json.Json;
import dev.purser.tools.AgentTools;
import dev.purser.tools.ToolDefinition;
import dev.purser.tools.ToolInvoker;
import dev.purser.tools.ToolResult;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Purser's tool definitions as MCP tools, each calling the {@link ToolInvoker}. Whatever happens
 * in a call (unknown tool, bad arguments, a refusal, an unreachable deployment, a bug) comes back
 * as a tool result, with {@code isError} and the API's {@code detail}: never a JSON-RPC error the
 * model cannot see.
 */
final class McpTools {
    private McpTools() {}

    static McpSchema.Tool tool(ToolDefinition d) {
        Map<String, Object> schema = Json.MAPPER.convertValue(d.inputSchema(), new TypeReference<Map<String, Object>>() {});
        return McpSchema.Tool.builder().name(d.name()).description(d.description()).inputSchema(schema).build();
    }

    /** For the session servers (stdio): the token is the process's. */
    static List<McpServerFeatures.SyncToolSpecification> forSession(ToolInvoker invoker, String token) {
        return AgentTools.definitions().stream().map(d -> McpServerFeatures.SyncToolSpecification.builder()
                .tool(tool(d))
                .callHandler((exchange, request) -> call(invoker, request, token))
                .build()).toList();
    }

    /** For the stateless server (streamable HTTP): the token is each HTTP request's. */
    static List<McpStatelessServerFeatures.SyncToolSpecification> forStateless(ToolInvoker invoker,
                                                                              Function<Object, String> tokenOf) {
        return AgentTools.definitions().stream().map(d -> new McpStatelessServerFeatures.SyncToolSpecification(
                tool(d), (context, request) -> call(invoker, request, tokenOf.apply(context)))).toList();
    }

    static McpSchema.CallToolResult call(ToolInvoker invoker, McpSchema.CallToolRequest request, String token) {
        ToolResult result;
        try {
            JsonNode args = request.arguments() == null ? Json.object() : Json.MAPPER.valueToTree(request.arguments());
            result = invoker.invoke(request.name(), args, token);
        } catch (RuntimeException e) {
            result = new ToolResult.Failure(500, "Purser could not run the tool: " + e.getClass().getSimpleName(), null);
        }
        return render(result);
    }

    static McpSchema.CallToolResult render(ToolResult result) {
        var builder = McpSchema.CallToolResult.builder();
        if (result instanceof ToolResult.Failure f) {
            builder.isError(true).addTextContent("Error " + f.status() + ": " + f.detail()
                    + (f.body() == null ? "" : "\n" + Json.write(f.body())));
        } else {
            builder.isError(false).addTextContent(Json.write(result.body()));
        }
        if (result.body() != null && result.body().isObject()) {
            builder.structuredContent(Json.MAPPER.convertValue(result.body(), new TypeReference<Map<String, Object>>() {}));
        }
        return builder.build();
    }
}
