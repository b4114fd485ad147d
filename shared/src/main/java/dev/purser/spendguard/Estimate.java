package dev.purser.spendguard;

/** What estimate prices; every case names the agent it is for (or null: an agent token's own). */
public sealed interface Estimate {
    String agentId();

    String category();

    String merchant();

    /** A payment of a known amount. */
    record Payment(String agentId, long amountMinor, String currency, String category, String merchant) implements Estimate {}

    /** An LLM call, priced from the price table's model. */
    record Tokens(String agentId, String model, long inputTokens, long outputTokens, String category) implements Estimate {
        public String merchant() { return model; }
    }

    /** Tool calls, priced per call from the price table. */
    record Tool(String agentId, String tool, long calls, String category) implements Estimate {
        public String merchant() { return tool; }
    }

    /** A proposed budget lease to a child agent: costs its amount on the parent. */
    record Delegation(String agentId, long amountMinor, String childAgent) implements Estimate {
        public String category() { return null; }

        public String merchant() { return null; }
    }
}
