package dev.purser.bench;

import dev.purser.store.Keys;
import dev.purser.time.Windows;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks docs/invariants.md against a {@link Ledger}: agent money (2), no over-commit (3) beyond
 * legitimate confirm overruns, every window and account total equal to the sum over its requests
 * (4, 6), the daily limits that decisions relied on (5), pending counts (8), and, from the outbox,
 * one terminal state and one release or conversion per request with no change without its event
 * and no event without its change (7, 9). Returns one line per violation; empty means all hold.
 */
final class InvariantChecker {
    private static final Set<String> TERMINAL_EVENTS = Set.of("request.rejected", "request.expired", "request.completed", "request.failed");
    private static final Set<String> TERMINAL_STATUSES = Set.of("rejected", "expired", "completed", "failed");

    /** How much was checked, for the report. */
    record Counts(int requests, int agents, int counters, int events) {}

    private final List<String> violations = new ArrayList<>();

    List<String> check(Ledger ledger) {
        violations.clear();
        checkAgents(ledger);
        checkCounters(ledger);
        checkDailyLimits(ledger);
        checkEvents(ledger);
        return List.copyOf(violations);
    }

    private void violation(String s) {
        violations.add(s);
    }

    private void checkAgents(Ledger l) {
        Map<String, long[]> sums = new HashMap<>(); // spent, held, pending count, overrun
        for (Ledger.RequestRow r : l.requests()) {
            long[] s = sums.computeIfAbsent(r.agentId(), k -> new long[4]);
            if (r.holding()) {
                s[1] += r.amount();
                if (!r.reservation()) s[2]++;
            } else {
                s[0] += r.counted();
            }
            s[3] += r.overrun();
        }
        for (Ledger.AgentRow a : l.agents()) {
            long[] s = sums.getOrDefault(a.id(), new long[4]);
            if (a.spent() != s[0]) violation("agent " + a.id() + ": spent " + a.spent() + " != sum over its requests " + s[0]);
            if (a.held() != s[1]) violation("agent " + a.id() + ": held " + a.held() + " != sum over its pending requests " + s[1]);
            if (a.pendingCount() != s[2]) violation("agent " + a.id() + ": pending_count " + a.pendingCount() + " != " + s[2] + " pending requests");
            if (a.available() != a.budget() - a.spent() - a.held()) {
                violation("agent " + a.id() + ": available " + a.available() + " != budget - spent - held = " + (a.budget() - a.spent() - a.held()));
            }
            if (a.spent() + a.held() > a.budget() + s[3]) {
                violation("agent " + a.id() + ": spent + held = " + (a.spent() + a.held()) + " > budget " + a.budget()
                        + " + confirm overruns " + s[3]);
            }
        }
    }

    /** Expected counters keyed by owner and sort key: {spent, held}. */
    private static Map<String, long[]> expectedCounters(Ledger l) {
        Map<String, long[]> expected = new TreeMap<>();
        String accountPk = Keys.account(l.accountId());
        for (Ledger.RequestRow r : l.requests()) {
            long counted = r.counted();
            if (counted == 0) continue;
            boolean pending = r.holding();
            List<String> keys = new ArrayList<>();
            keys.add(accountPk + "|" + Keys.accountTotalsSk(l.currency()));
            String[] periods = {r.day(), r.week(), r.month()};
            char[] kinds = {Windows.DAY, Windows.WEEK, Windows.MONTH};
            for (int i = 0; i < 3; i++) {
                String sk = Keys.windowSk(l.currency(), kinds[i], periods[i]);
                keys.add(Keys.agent(r.agentId()) + "|" + sk);
                keys.add(accountPk + "|" + sk);
            }
            // The agent's own year window and rolling-24h hour bucket (BudgetWrites.agentExtraWindows).
            if (r.year() != null) keys.add(Keys.agent(r.agentId()) + "|" + Keys.windowSk(l.currency(), Windows.YEAR, r.year()));
            if (r.hour() != null) keys.add(Keys.agent(r.agentId()) + "|" + Keys.windowSk(l.currency(), Windows.HOUR, r.hour()));
            for (String k : keys) {
                long[] e = expected.computeIfAbsent(k, x -> new long[2]);
                if (pending) e[1] += counted;
                else e[0] += counted;
            }
        }
        return expected;
    }

    private void checkCounters(Ledger l) {
        Map<String, long[]> expected = expectedCounters(l);
        Map<String, Ledger.CounterRow> actual = new HashMap<>();
        for (Ledger.CounterRow c : l.counters()) actual.put(c.owner() + "|" + c.sk(), c);
        for (var e : expected.entrySet()) {
            Ledger.CounterRow c = actual.get(e.getKey());
            long spent = e.getValue()[0], held = e.getValue()[1];
            if (c == null) {
                // An hour bucket may be gone by design: DynamoDB's TTL drops it 48 h after its hour.
                if (!expiredHourBucket(e.getKey())) {
                    violation("counter " + e.getKey() + " missing; its requests sum to spent " + spent + ", held " + held);
                }
                continue;
            }
            if (c.spent() != spent || c.held() != held || c.used() != spent + held) {
                violation("counter " + e.getKey() + ": spent/held/used " + c.spent() + "/" + c.held() + "/" + c.used()
                        + " != sum over its requests " + spent + "/" + held + "/" + (spent + held));
            }
        }
        for (var c : actual.entrySet()) {
            if (expected.containsKey(c.getKey())) continue;
            Ledger.CounterRow row = c.getValue();
            if (row.spent() != 0 || row.held() != 0 || row.used() != 0) {
                violation("counter " + c.getKey() + ": spent/held/used " + row.spent() + "/" + row.held() + "/" + row.used()
                        + " but no request counts in it");
            }
        }
    }

    private static boolean expiredHourBucket(String counterKey) {
        String marker = "#" + Windows.HOUR + "#";
        int at = counterKey.lastIndexOf(marker);
        if (at < 0 || !counterKey.contains("|WINDOW#")) return false;
        return Windows.hourBucketTtl(counterKey.substring(at + marker.length())) <= java.time.Instant.now().getEpochSecond();
    }

    /** Invariant 5: a window never exceeds a limit a decision checked, except by confirm overruns in it. */
    private void checkDailyLimits(Ledger l) {
        Map<String, Long> overruns = new HashMap<>();
        Map<String, Long> used = new HashMap<>();
        for (Ledger.RequestRow r : l.requests()) {
            String agentDay = r.agentId() + "|" + r.day();
            String accountDay = "account|" + r.day();
            overruns.merge(agentDay, r.overrun(), Long::sum);
            overruns.merge(accountDay, r.overrun(), Long::sum);
            used.merge(agentDay, r.counted(), Long::sum);
            used.merge(accountDay, r.counted(), Long::sum);
        }
        for (var e : used.entrySet()) {
            String[] parts = e.getKey().split("\\|");
            Long limit = "account".equals(parts[0]) ? l.accountDailyLimit() : l.agentDailyLimits().get(parts[0]);
            if (limit == null) continue;
            long allowed = limit + overruns.getOrDefault(e.getKey(), 0L);
            if (e.getValue() > allowed) {
                violation("daily window " + e.getKey() + ": used " + e.getValue() + " > limit " + limit + " + confirm overruns");
            }
        }
    }

    private void checkEvents(Ledger l) {
        Map<String, List<String>> byRequest = new HashMap<>();
        for (Ledger.EventRow e : l.events()) byRequest.computeIfAbsent(e.requestId(), k -> new ArrayList<>()).add(e.type());
        Map<String, Ledger.RequestRow> requests = new HashMap<>();
        for (Ledger.RequestRow r : l.requests()) requests.put(r.id(), r);
        checkReservationEvents(l, byRequest);
        for (String id : byRequest.keySet()) {
            if (!requests.containsKey(id)) violation("request " + id + ": has events " + byRequest.get(id) + " but no request item");
        }
        for (Ledger.RequestRow r : l.requests()) {
            if (r.reservation()) continue;
            List<String> events = byRequest.getOrDefault(r.id(), List.of());
            String where = "request " + r.id() + " (" + r.status() + ", events " + events + ")";
            int pending = count(events, "request.pending"), auto = count(events, "request.auto_approved");
            int approved = count(events, "request.approved"), rejected = count(events, "request.rejected");
            int expired = count(events, "request.expired");
            int confirmed = count(events, "request.completed") + count(events, "request.failed");
            int terminal = 0;
            for (String e : events) if (TERMINAL_EVENTS.contains(e)) terminal++;
            if (events.isEmpty()) {
                violation(where + ": a state without its event");
                continue;
            }
            if (pending + auto > 1) violation(where + ": created more than once");
            if (terminal > 1) violation(where + ": reached two terminal states");
            if (terminal != (TERMINAL_STATUSES.contains(r.status()) ? 1 : 0)) violation(where + ": terminal events do not match its status");
            if (confirmed > 1) violation(where + ": confirmed twice");
            if (pending == 1) {
                int resolutions = approved + rejected + expired;
                if (resolutions > 1) violation(where + ": hold released or converted more than once");
                if ("pending".equals(r.status()) ? resolutions != 0 : resolutions != 1) {
                    violation(where + ": hold not released or converted exactly once");
                }
            } else if (auto == 1) {
                if (approved + rejected + expired > 0) violation(where + ": an auto-approved request was reviewed or expired");
            } else if (!(rejected == 1 && events.size() == 1 && "rejected".equals(r.status()))) {
                violation(where + ": not created by a pending, auto_approved or rejected event");
            }
            if (!"pending".equals(r.status()) && !statusFromEvents(events).equals(r.status())) {
                violation(where + ": status does not follow from its events (" + statusFromEvents(events) + ")");
            }
        }
    }

    /** Each reservation: created once, at most one terminal event, and the one its status says. */
    private void checkReservationEvents(Ledger l, Map<String, List<String>> byId) {
        for (Ledger.RequestRow r : l.requests()) {
            if (!r.reservation()) continue;
            List<String> events = byId.getOrDefault(r.id(), List.of());
            String where = "reservation " + r.id() + " (" + r.status() + ", events " + events + ")";
            if (count(events, "reservation.created") != 1) violation(where + ": not created exactly once");
            int terminal = events.size() - count(events, "reservation.created");
            if (terminal > 1) violation(where + ": reached two terminal states");
            if ("held".equals(r.status()) ? terminal != 0 : count(events, "reservation." + r.status()) != 1 || terminal != 1) {
                violation(where + ": terminal events do not match its status");
            }
            if ("captured".equals(r.status()) && (r.actual() == null || r.actual() > r.amount())) {
                violation(where + ": captured more than reserved");
            }
        }
    }

    /** The status a request's events lead to, latest stage first. */
    private static String statusFromEvents(List<String> events) {
        String[] order = {"completed", "failed", "expired", "rejected", "approved", "auto_approved", "pending"};
        for (String s : order) if (events.contains("request." + s)) return s;
        return "?";
    }

    private static int count(List<String> events, String type) {
        int n = 0;
        for (String e : events) if (e.equals(type)) n++;
        return n;
    }
}
