package dev.purser.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.json.Json;
import dev.purser.tools.AgentTools;
import dev.purser.tools.Tool;
import dev.purser.tools.ToolDefinition;
import dev.purser.tools.ToolInvoker;
import dev.purser.tools.ToolOutputSchemas;
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

    /** The MCP tool: its arguments' schema and its answer's ({@link ToolOutputSchemas}, from the OpenAPI document). */
    static McpSchema.Tool tool(Tool t) {
        ToolDefinition d = t.definition();
        return McpSchema.Tool.builder().name(d.name()).description(d.description()).inputSchema(map(d.inputSchema()))
                .outputSchema(map(ToolOutputSchemas.of(t))).build();
    }

    /** For the session servers (stdio): the token is the process's; a pending purchase may elicit the owner's page. */
    static List<McpServerFeatures.SyncToolSpecification> forSession(ToolInvoker invoker, String token) {
        return AgentTools.all().stream().map(t -> McpServerFeatures.SyncToolSpecification.builder()
                .tool(tool(t))
                .callHandler((exchange, request) -> {
                    ToolResult result = run(invoker, request, token);
                    return render(result, PendingApproval.of(request, result)
                            .map(p -> PendingApproval.offer(p, invoker, exchange)).orElse(null));
                })
                .build()).toList();
    }

    /** For the stateless server (streamable HTTP): the token is each HTTP request's; it cannot ask the client. */
    static List<McpStatelessServerFeatures.SyncToolSpecification> forStateless(ToolInvoker invoker,
                                                                              Function<Object, String> tokenOf) {
        return AgentTools.all().stream().map(t -> new McpStatelessServerFeatures.SyncToolSpecification(
                tool(t), (context, request) -> {
                    ToolResult result = run(invoker, request, tokenOf.apply(context));
                    return render(result, PendingApproval.of(request, result).map(PendingApproval::plain).orElse(null));
                })).toList();
    }

    static ToolResult run(ToolInvoker invoker, McpSchema.CallToolRequest request, String token) {
        try {
            JsonNode args = request.arguments() == null ? Json.object() : Json.MAPPER.valueToTree(request.arguments());
            return invoker.invoke(request.name(), args, token);
        } catch (RuntimeException e) {
            return new ToolResult.Failure(500, "Purser could not run the tool: " + e.getClass().getSimpleName(), null);
        }
    }

    /**
     * An answer is its JSON as text and as {@code structuredContent} (conforming to the tool's
     * {@code outputSchema}); {@code note}, when present, is a second text block for the model. A
     * failure is {@code isError} with the detail and the API's body as text only: the output schema
     * describes answers, and clients validate whatever structured content they get.
     */
    static McpSchema.CallToolResult render(ToolResult result, String note) {
        var builder = McpSchema.CallToolResult.builder();
        if (result instanceof ToolResult.Failure f) {
            return builder.isError(true).addTextContent("Error " + f.status() + ": " + f.detail()
                    + (f.body() == null ? "" : "\n" + Json.write(f.body()))).build();
        }
        builder.isError(false).addTextContent(Json.write(result.body()));
        if (note != null) builder.addTextContent(note);
        if (result.body() != null && result.body().isObject()) builder.structuredContent(map(result.body()));
        return builder.build();
    }

    private static Map<String, Object> map(JsonNode node) {
        return Json.MAPPER.convertValue(node, new TypeReference<Map<String, Object>>() {});
    }
}
