package dev.purser.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every tool an agent has, defined once: what the MCP server lists, {@code GET /ai/tools} renders
 * and the examples use. Names are unique (checked here, at class init).
 */
public final class AgentTools {
    /** The capabilities' tool sets, in the order tools are listed. Add a capability's set here. */
    static final List<ToolSet> SETS = List.of(
            new PurchaseTools(), new WalletTools(), new X402Tools(), new ServiceTools(), new PaymentTokenTools(),
            new SpendGuardTools(), new LeaseTools(), new DisputeTools());

    private static final Map<String, Tool> BY_NAME = index();

    private AgentTools() {}

    public static List<Tool> all() {
        return List.copyOf(BY_NAME.values());
    }

    public static List<ToolDefinition> definitions() {
        return BY_NAME.values().stream().map(Tool::definition).toList();
    }

    public static Optional<Tool> named(String name) {
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
    }

    private static Map<String, Tool> index() {
        Map<String, Tool> out = new LinkedHashMap<>();
        for (ToolSet set : SETS) {
            for (Tool t : set.tools()) {
                if (out.putIfAbsent(t.name(), t) != null) throw new IllegalStateException("two tools named " + t.name());
            }
        }
        return out;
    }
}
