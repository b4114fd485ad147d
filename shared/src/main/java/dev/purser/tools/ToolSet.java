package dev.purser.tools;

import java.util.List;

/**
 * The tools of one capability (purchases, wallets, x402, services, SpendGuard, …). A capability
 * that adds agent-facing routes adds its tools here as one {@code ToolSet} listed in
 * {@link AgentTools#SETS}; the MCP server and {@code /ai/tools} pick them up from there.
 */
public interface ToolSet {
    List<Tool> tools();
}
