package dev.purser.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks docs/invariants.md §10–11 for budget leases on rows read after a run (pure; the planted
 * violations of {@code LeaseCheckerTest} show it can fail): every lease's figures against its
 * drawers (the child's lease-funded reservations and sub-leases), every agent's money and window
 * counters against its own reservations plus the leases it granted, the account's counters
 * against unleased reservations plus root leases, daily limits, and one event per transition.
 */
final class LeaseChecker {
    record LeaseRow(String id, String parent, String child, String parentLease, String status, long amount, long held,
                    long spent, long remaining, String winD) {
        boolean active() { return status.equals("active"); }
        long weightHeld() { return active() ? amount - spent : held; }
    }

    record ReservationRow(String id, String agent, String leaseId, String status, long amount, Long captured, String winD) {
        long held() { return status.equals("held") ? amount : 0; }
        long spent() { return status.equals("captured") ? captured : 0; }
    }

    record AgentRow(String id, long budget, long spent, long held, long available) {}

    /** A day-window or totals counter: pk, sk, spent, held, used. */
    record CounterRow(String pk, String sk, long spent, long held, long used) {}

    record EventRow(String subjectId, String type) {}

    List<String> check(String accountId, List<LeaseRow> leases, List<ReservationRow> reservations, List<AgentRow> agents,
                       List<CounterRow> counters, List<EventRow> events, Map<String, Long> dailyLimits) {
        List<String> v = new ArrayList<>();
        Map<String, long[]> drawn = new HashMap<>();
        for (ReservationRow r : reservations) {
            if (r.leaseId() != null) add(drawn, r.leaseId(), r.held(), r.spent());
        }
        for (LeaseRow l : leases) {
            if (l.parentLease() != null) add(drawn, l.parentLease(), l.weightHeld(), l.spent());
        }
        for (LeaseRow l : leases) {
            long[] d = drawn.getOrDefault(l.id(), new long[2]);
            if (d[0] != l.held() || d[1] != l.spent()) {
                v.add("lease " + l.id() + " held/spent " + l.held() + "/" + l.spent() + " != its drawers' " + d[0] + "/" + d[1]);
            }
            if (l.active() && l.held() + l.spent() + l.remaining() != l.amount()) v.add("lease " + l.id() + " held+spent+remaining != amount");
            if (l.remaining() < 0 || l.held() < 0 || l.spent() < 0) v.add("lease " + l.id() + " has a negative figure");
            if (!l.active() && l.remaining() != 0) v.add("closed lease " + l.id() + " still has remaining " + l.remaining());
            if (l.held() + l.spent() > l.amount()) v.add("lease " + l.id() + " drawn beyond its amount");
        }
        // Agents: their own reservations (lease-funded or not) + the leases they granted.
        Map<String, long[]> agentMoney = new HashMap<>();
        Map<String, long[]> agentDay = new HashMap<>();
        Map<String, long[]> accountDay = new HashMap<>();
        long[] accountTotal = new long[2];
        for (ReservationRow r : reservations) {
            add(agentMoney, r.agent(), r.held(), r.spent());
            add(agentDay, r.agent() + "|" + r.winD(), r.held(), r.spent());
            if (r.leaseId() == null) {
                add(accountDay, r.winD(), r.held(), r.spent());
                accountTotal[0] += r.held();
                accountTotal[1] += r.spent();
            }
        }
        for (LeaseRow l : leases) {
            add(agentMoney, l.parent(), l.weightHeld(), l.spent());
            add(agentDay, l.parent() + "|" + l.winD(), l.weightHeld(), l.spent());
            if (l.parentLease() == null) {
                add(accountDay, l.winD(), l.weightHeld(), l.spent());
                accountTotal[0] += l.weightHeld();
                accountTotal[1] += l.spent();
            }
        }
        for (AgentRow a : agents) {
            long[] m = agentMoney.getOrDefault(a.id(), new long[2]);
            if (a.held() != m[0] || a.spent() != m[1]) {
                v.add("agent " + a.id() + " held/spent " + a.held() + "/" + a.spent() + " != Σ " + m[0] + "/" + m[1]);
            }
            if (a.available() != a.budget() - a.spent() - a.held()) v.add("agent " + a.id() + " available != budget - spent - held");
        }
        Map<String, CounterRow> byKey = new HashMap<>();
        for (CounterRow c : counters) byKey.put(c.pk() + "|" + c.sk(), c);
        for (var e : agentDay.entrySet()) {
            String[] k = e.getKey().split("\\|");
            CounterRow c = byKey.get("AGENT#" + k[0] + "|WINDOW#USD#D#" + k[1]);
            check(v, "agent " + k[0] + " day " + k[1], c, e.getValue());
            Long limit = dailyLimits.get(k[0]);
            if (c != null && limit != null && c.used() > limit) v.add("agent " + k[0] + " day " + k[1] + " used " + c.used() + " > limit " + limit);
        }
        for (var e : accountDay.entrySet()) {
            check(v, "account day " + e.getKey(), byKey.get("ACCOUNT#" + accountId + "|WINDOW#USD#D#" + e.getKey()), e.getValue());
        }
        check(v, "account totals", byKey.get("ACCOUNT#" + accountId + "|TOTALS#USD"), accountTotal);
        // Events: one created per lease and reservation; one closing event per closed one, none while open.
        Map<String, Map<String, Integer>> ev = new HashMap<>();
        for (EventRow e : events) ev.computeIfAbsent(e.subjectId(), k -> new HashMap<>()).merge(e.type(), 1, Integer::sum);
        for (LeaseRow l : leases) {
            Map<String, Integer> m = ev.getOrDefault(l.id(), Map.of());
            if (m.getOrDefault("lease.created", 0) != 1) v.add("lease " + l.id() + " has " + m.getOrDefault("lease.created", 0) + " lease.created");
            int closing = m.getOrDefault("lease.released", 0) + m.getOrDefault("lease.expired", 0);
            if (closing != (l.active() ? 0 : 1) || (!l.active() && m.getOrDefault("lease." + l.status(), 0) != 1)) {
                v.add("lease " + l.id() + " (" + l.status() + ") has " + closing + " closing events");
            }
        }
        for (ReservationRow r : reservations) {
            Map<String, Integer> m = ev.getOrDefault(r.id(), Map.of());
            int closing = m.values().stream().mapToInt(Integer::intValue).sum() - m.getOrDefault("reservation.created", 0);
            if (m.getOrDefault("reservation.created", 0) != 1 || closing != (r.status().equals("held") ? 0 : 1)) {
                v.add("reservation " + r.id() + " (" + r.status() + ") events " + m);
            }
        }
        return v;
    }

    private static void check(List<String> v, String what, CounterRow c, long[] expected) {
        long held = c == null ? 0 : c.held();
        long spent = c == null ? 0 : c.spent();
        long used = c == null ? 0 : c.used();
        if (held != expected[0] || spent != expected[1] || used != expected[0] + expected[1]) {
            v.add(what + " held/spent/used " + held + "/" + spent + "/" + used + " != Σ " + expected[0] + "/" + expected[1]);
        }
    }

    private static void add(Map<String, long[]> m, String key, long held, long spent) {
        long[] a = m.computeIfAbsent(key, k -> new long[2]);
        a[0] += held;
        a[1] += spent;
    }
}
