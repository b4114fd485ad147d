package dev.purser.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything the invariant checker looks at, read after the load from the table: the requests,
 * the agents' money, the counter items, the outbox events. Plain data, so the checker is a pure
 * function that unit tests can feed a planted violation.
 *
 * @param agentDailyLimits agent id to its policy's daily limit (minor units), when it has one
 * @param accountDailyLimit the account daily rule's limit, or null
 */
record Ledger(
        String accountId,
        String currency,
        List<RequestRow> requests,
        List<AgentRow> agents,
        List<CounterRow> counters,
        List<EventRow> events,
        Map<String, Long> agentDailyLimits,
        Long accountDailyLimit) {

    /**
     * A request as stored; {@code actual} is null unless confirmed with an actual amount. Its
     * windows: day, week and month (the agent's and the account's), and the agent's year and
     * rolling-window hour bucket (null for an item stored before those windows existed).
     */
    record RequestRow(String id, String agentId, String status, long amount, Long actual, String day, String week, String month,
                      String year, String hour) {
        /** A request without a year or hour window. */
        RequestRow(String id, String agentId, String status, long amount, Long actual, String day, String week, String month) {
            this(id, agentId, status, amount, actual, day, week, month, null, null);
        }

        /** What it weighs now (docs/invariants.md: counted(r)). */
        long counted() {
            switch (status) {
                case "pending":
                case "approved":
                case "auto_approved":
                case "held":
                    return amount;
                case "completed":
                    return actual != null ? actual : amount;
                case "captured":
                    return actual;
                default:
                    return 0;
            }
        }

        /** A SpendGuard reservation (docs/invariants.md §10), not a purchase request. */
        boolean reservation() {
            return id.startsWith("rsv_");
        }

        /** Holds money now (a pending request or a held reservation). */
        boolean holding() {
            return "pending".equals(status) || "held".equals(status);
        }

        /** How far a confirm legitimately pushed it over its amount (never negative). */
        long overrun() {
            return "completed".equals(status) && actual != null && actual > amount ? actual - amount : 0;
        }
    }

    record AgentRow(String id, long budget, long spent, long held, long available, long pendingCount) {}

    /** A money counter item: {@code owner} is its pk ({@code AGENT#..} or {@code ACCOUNT#..}). */
    record CounterRow(String owner, String sk, long spent, long held, long used) {}

    /** An outbox event about a request: its type on the wire ({@code request.pending}, ...). */
    record EventRow(String eventId, String requestId, String type) {}
}
