package dev.purser.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a model is told about one tool: its name, a description written for the model (when to use
 * it, what each answer means, what to do next) and the JSON Schema of its arguments. The MCP
 * server, {@code GET /ai/tools} (every framework's format) and the examples all read these; nothing
 * else describes Purser's tools.
 */
public record ToolDefinition(String name, String description, ObjectNode inputSchema) {
    public ToolDefinition {
        if (!name.matches("[a-z][a-z0-9_]{0,63}")) throw new IllegalArgumentException("tool name " + name);
        inputSchema = inputSchema.deepCopy();
    }

    @Override
    public ObjectNode inputSchema() {
        return inputSchema.deepCopy();
    }
}
