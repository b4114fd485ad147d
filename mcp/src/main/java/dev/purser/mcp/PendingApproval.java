package dev.purser.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.time.Times;
import dev.purser.tools.ToolInvoker;
import dev.purser.tools.ToolResult;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Instant;
import java.util.Optional;

/**
 * What the chat does when a purchase goes {@code pending}: the owner must decide. When the client
 * supports URL-mode elicitation (MCP 2025-11-25) and the server can sign the owner's one-click
 * approval page, the page is offered to the human through the client, which shows the URL and asks
 * before opening it; the URL never enters the tool result, so the model cannot act on it. Otherwise
 * the result says plainly where the owner approves. Either way the agent is told to wait and poll.
 */
final class PendingApproval {
    static final String TOOL = "purser_request_purchase";

    private PendingApproval() {}

    /** The request a result leaves waiting for the owner, if it does. */
    record Pending(String requestId, Instant expiresAt, String what) {}

    static Optional<Pending> of(McpSchema.CallToolRequest request, ToolResult result) {
        JsonNode b = result.body();
        if (!TOOL.equals(request.name()) || !(result instanceof ToolResult.Answer) || b == null
                || !"pending".equals(b.path("status").asText()) || !b.path("request_id").isTextual()
                || !b.path("expires_at").isTextual()) {
            return Optional.empty();
        }
        Object amount = request.arguments() == null ? null : request.arguments().get("amount");
        String what = (amount == null ? "" : amount + " ") + b.path("currency").asText("");
        return Optional.of(new Pending(b.get("request_id").asText(), Times.parse(b.get("expires_at").asText()),
                what.isBlank() ? "a purchase" : what.strip()));
    }

    /** Stateless transports cannot ask the client anything: say where to approve. */
    static String plain(Pending p) {
        return "Waiting for the owner: purchase request " + p.requestId() + " needs their approval before you buy. "
                + "The owner approves or rejects it in the Purser owner console (the approval queue) or with the "
                + "one-click approve/reject link Purser sends to their notification channels (email, chat, push). "
                + "Do not buy yet and do not ask again: tell the user, then poll purser_get_request until it is "
                + "approved, rejected or expired (expires " + Times.wire(p.expiresAt()) + ").";
    }

    /** Offers the approval page by URL-mode elicitation when possible; the note for the result either way. */
    static String offer(Pending p, ToolInvoker invoker, McpSyncServerExchange exchange) {
        McpSchema.ClientCapabilities caps = exchange.getClientCapabilities();
        boolean urlMode = caps != null && caps.elicitation() != null && caps.elicitation().url() != null;
        Optional<String> page = urlMode ? invoker.approvalPage(p.requestId(), p.expiresAt()) : Optional.empty();
        if (page.isEmpty()) return plain(p);
        McpSchema.ElicitResult answer;
        try {
            answer = exchange.createElicitation(McpSchema.ElicitUrlRequest.builder(
                    "Purser: this agent asks to spend " + p.what() + ". If you are the account owner, open the "
                            + "approval page to approve or reject it.", page.get(), p.requestId()).build());
        } catch (RuntimeException e) {
            // The client did not answer in time or refused the request: the owner still has their channels.
            return plain(p);
        }
        return switch (answer.action()) {
            case ACCEPT -> "The owner's approval page for request " + p.requestId() + " was opened for the user. "
                    + "Do not buy yet: poll purser_get_request until it is approved or rejected (expires "
                    + Times.wire(p.expiresAt()) + ").";
            case DECLINE, CANCEL -> "The user did not open the approval page. " + plain(p);
        };
    }
}
