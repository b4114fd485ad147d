package dev.purser.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker passes a consistent ledger and catches each planted violation (no timing, no engines). */
class InvariantCheckerTest {
    static final String DAY = "2026-11-23", WEEK = "2026-W48", MONTH = "2026-11";

    /** Agent a1 (budget 100.00): one pending 30.00, one completed 20.00 confirmed at 25.00, one rejected 90.00. */
    static Ledger consistent() {
        List<Ledger.RequestRow> requests = List.of(
                new Ledger.RequestRow("r1", "a1", "pending", 30_00, null, DAY, WEEK, MONTH),
                new Ledger.RequestRow("r2", "a1", "completed", 20_00, 25_00L, DAY, WEEK, MONTH),
                new Ledger.RequestRow("r3", "a1", "rejected", 90_00, null, DAY, WEEK, MONTH));
        List<Ledger.AgentRow> agents = List.of(new Ledger.AgentRow("a1", 100_00, 25_00, 30_00, 45_00, 1));
        List<Ledger.CounterRow> counters = new ArrayList<>();
        counters.add(new Ledger.CounterRow("ACCOUNT#acct", "TOTALS#USD", 25_00, 30_00, 55_00));
        for (String sk : List.of("WINDOW#USD#D#" + DAY, "WINDOW#USD#W#" + WEEK, "WINDOW#USD#M#" + MONTH)) {
            counters.add(new Ledger.CounterRow("AGENT#a1", sk, 25_00, 30_00, 55_00));
            counters.add(new Ledger.CounterRow("ACCOUNT#acct", sk, 25_00, 30_00, 55_00));
        }
        List<Ledger.EventRow> events = List.of(
                new Ledger.EventRow("e1", "r1", "request.pending"),
                new Ledger.EventRow("e2", "r2", "request.auto_approved"),
                new Ledger.EventRow("e3", "r2", "request.completed"),
                new Ledger.EventRow("e4", "r3", "request.rejected"));
        return new Ledger("acct", "USD", requests, agents, counters, events, Map.of("a1", 60_00L), 100_00L);
    }

    @Test
    void aConsistentLedgerHasNoViolations() {
        assertEquals(List.of(), new InvariantChecker().check(consistent()));
    }

    /** The agent's year window and rolling hour bucket are checked too; an expired hour bucket may be gone. */
    @Test
    void checksTheYearWindowAndHourBucketsAndAllowsAnExpiredBucketToBeGone() {
        Ledger l = consistent();
        List<Ledger.RequestRow> requests = new ArrayList<>();
        for (Ledger.RequestRow r : l.requests()) {
            requests.add(new Ledger.RequestRow(r.id(), r.agentId(), r.status(), r.amount(), r.actual(), DAY, WEEK, MONTH,
                    "2026", "2026112310"));
        }
        List<Ledger.CounterRow> counters = new ArrayList<>(l.counters());
        counters.add(new Ledger.CounterRow("AGENT#a1", "WINDOW#USD#Y#2026", 25_00, 30_00, 55_00));
        // The hour bucket 2026112310 expired (TTL) long ago: its absence is not a violation.
        assertEquals(List.of(), new InvariantChecker().check(new Ledger(l.accountId(), l.currency(), requests,
                l.agents(), counters, l.events(), l.agentDailyLimits(), l.accountDailyLimit())));

        counters.set(counters.size() - 1, new Ledger.CounterRow("AGENT#a1", "WINDOW#USD#Y#2026", 25_00, 31_00, 56_00));
        List<String> v = new InvariantChecker().check(new Ledger(l.accountId(), l.currency(), requests,
                l.agents(), counters, l.events(), l.agentDailyLimits(), l.accountDailyLimit()));
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).contains("WINDOW#USD#Y#2026"), v.toString());

        // A bucket still present must match, and one of a future hour may not be missing.
        counters.set(counters.size() - 1, new Ledger.CounterRow("AGENT#a1", "WINDOW#USD#Y#2026", 25_00, 30_00, 55_00));
        counters.add(new Ledger.CounterRow("AGENT#a1", "WINDOW#USD#H#2026112310", 20_00, 30_00, 50_00));
        v = new InvariantChecker().check(new Ledger(l.accountId(), l.currency(), requests,
                l.agents(), counters, l.events(), l.agentDailyLimits(), l.accountDailyLimit()));
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).contains("WINDOW#USD#H#2026112310"), v.toString());
        requests.set(0, new Ledger.RequestRow("r1", "a1", "pending", 30_00, null, DAY, WEEK, MONTH, "2026", "2999010100"));
        v = new InvariantChecker().check(new Ledger(l.accountId(), l.currency(), requests,
                l.agents(), l.counters(), l.events(), l.agentDailyLimits(), l.accountDailyLimit()));
        assertTrue(v.stream().anyMatch(x -> x.contains("WINDOW#USD#H#2999010100") && x.contains("missing")), v.toString());
    }

    @Test
    void catchesAHeldAmountThatDriftedFromItsRequests() {
        Ledger l = consistent();
        Ledger bad = new Ledger(l.accountId(), l.currency(), l.requests(),
                List.of(new Ledger.AgentRow("a1", 100_00, 25_00, 31_00, 44_00, 1)), l.counters(), l.events(),
                l.agentDailyLimits(), l.accountDailyLimit());
        List<String> v = new InvariantChecker().check(bad);
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).contains("held 3100"), v.toString());
    }

    @Test
    void catchesTwoTerminalStatesAndADoubleRelease() {
        Ledger l = consistent();
        List<Ledger.EventRow> events = new ArrayList<>(l.events());
        events.add(new Ledger.EventRow("e5", "r2", "request.failed"));
        List<Ledger.RequestRow> requests = new ArrayList<>(l.requests());
        requests.set(0, new Ledger.RequestRow("r1", "a1", "expired", 30_00, null, DAY, WEEK, MONTH));
        events.add(new Ledger.EventRow("e6", "r1", "request.expired"));
        events.add(new Ledger.EventRow("e7", "r1", "request.rejected"));
        List<String> v = new InvariantChecker().check(new Ledger(l.accountId(), l.currency(), requests, l.agents(), l.counters(),
                events, l.agentDailyLimits(), l.accountDailyLimit()));
        assertTrue(v.stream().anyMatch(s -> s.startsWith("request r2") && s.contains("two terminal states")), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.startsWith("request r1") && s.contains("more than once")), v.toString());
    }

    @Test
    void catchesAWindowCounterOffItsRequestsAndAnOverCommit() {
        Ledger l = consistent();
        List<Ledger.CounterRow> counters = new ArrayList<>(l.counters());
        counters.set(1, new Ledger.CounterRow("AGENT#a1", "WINDOW#USD#D#" + DAY, 25_00, 40_00, 65_00));
        List<Ledger.AgentRow> agents = List.of(new Ledger.AgentRow("a1", 40_00, 25_00, 30_00, -15_00, 1));
        List<String> v = new InvariantChecker().check(new Ledger(l.accountId(), l.currency(), l.requests(), agents, counters,
                l.events(), l.agentDailyLimits(), l.accountDailyLimit()));
        assertTrue(v.stream().anyMatch(s -> s.contains("WINDOW#USD#D#" + DAY) && s.contains("!= sum")), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.contains("spent + held = 5500 > budget 4000")), v.toString());
    }

    @Test
    void aConfirmOverrunIsLegitimateButADailyLimitBreachIsNot() {
        Ledger l = consistent();
        // Daily limit 30.00: the window's 55.00 exceeds it by more than the 5.00 confirm overrun.
        Ledger tight = new Ledger(l.accountId(), l.currency(), l.requests(), l.agents(), l.counters(), l.events(),
                Map.of("a1", 30_00L), null);
        List<String> v = new InvariantChecker().check(tight);
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).startsWith("daily window a1|" + DAY), v.toString());
        // Limit 50.00 + 5.00 overrun = 55.00 used: allowed.
        assertEquals(List.of(), new InvariantChecker().check(new Ledger(l.accountId(), l.currency(), l.requests(), l.agents(),
                l.counters(), l.events(), Map.of("a1", 50_00L), null)));
    }

    /** A held 10.00 and a captured 4.00-of-8.00 reservation added to the consistent ledger. */
    static Ledger withReservations(String capturedStatusEvent) {
        Ledger l = consistent();
        List<Ledger.RequestRow> requests = new ArrayList<>(l.requests());
        requests.add(new Ledger.RequestRow("rsv_1", "a1", "held", 10_00, null, DAY, WEEK, MONTH));
        requests.add(new Ledger.RequestRow("rsv_2", "a1", "captured", 8_00, 4_00L, DAY, WEEK, MONTH));
        List<Ledger.EventRow> events = new ArrayList<>(l.events());
        events.add(new Ledger.EventRow("e10", "rsv_1", "reservation.created"));
        events.add(new Ledger.EventRow("e11", "rsv_2", "reservation.created"));
        events.add(new Ledger.EventRow("e12", "rsv_2", capturedStatusEvent));
        // Reservations weigh like requests but never count as pending requests.
        List<Ledger.AgentRow> agents = List.of(new Ledger.AgentRow("a1", 100_00, 29_00, 40_00, 31_00, 1));
        List<Ledger.CounterRow> counters = new ArrayList<>();
        counters.add(new Ledger.CounterRow("ACCOUNT#acct", "TOTALS#USD", 29_00, 40_00, 69_00));
        for (String sk : List.of("WINDOW#USD#D#" + DAY, "WINDOW#USD#W#" + WEEK, "WINDOW#USD#M#" + MONTH)) {
            counters.add(new Ledger.CounterRow("AGENT#a1", sk, 29_00, 40_00, 69_00));
            counters.add(new Ledger.CounterRow("ACCOUNT#acct", sk, 29_00, 40_00, 69_00));
        }
        return new Ledger("acct", "USD", requests, agents, counters, events, Map.of("a1", 80_00L), 100_00L);
    }

    @Test
    void reservationsWeighLikeRequestsAndATransitionWithoutItsEventIsCaught() {
        assertEquals(List.of(), new InvariantChecker().check(withReservations("reservation.captured")));
        List<String> v = new InvariantChecker().check(withReservations("reservation.released"));
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).contains("rsv_2"), v.toString());
    }
}
