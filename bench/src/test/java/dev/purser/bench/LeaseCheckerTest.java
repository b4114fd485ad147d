package dev.purser.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lease checker accepts a consistent family and catches each planted violation. */
class LeaseCheckerTest {
    static final String ACC = "acc";
    static final String DAY = "2026-11-23";

    /** Root lease 100 from p to c; c holds 10 and spent 20 from it. */
    List<String> check(long leaseHeld, long parentHeld, long accountUsed, List<LeaseChecker.EventRow> events) {
        var lease = new LeaseChecker.LeaseRow("lease_1", "p", "c", null, "active", 10000, leaseHeld, 2000, 10000 - leaseHeld - 2000, DAY);
        var held = new LeaseChecker.ReservationRow("rsv_1", "c", "lease_1", "held", 1000, null, DAY);
        var captured = new LeaseChecker.ReservationRow("rsv_2", "c", "lease_1", "captured", 3000, 2000L, DAY);
        var agents = List.of(new LeaseChecker.AgentRow("p", 50000, 2000, parentHeld, 50000 - 2000 - parentHeld),
                new LeaseChecker.AgentRow("c", 50000, 2000, 1000, 47000));
        var counters = List.of(
                new LeaseChecker.CounterRow("AGENT#p", "WINDOW#USD#D#" + DAY, 2000, 8000, 10000),
                new LeaseChecker.CounterRow("AGENT#c", "WINDOW#USD#D#" + DAY, 2000, 1000, 3000),
                new LeaseChecker.CounterRow("ACCOUNT#" + ACC, "WINDOW#USD#D#" + DAY, 2000, 8000, 10000),
                new LeaseChecker.CounterRow("ACCOUNT#" + ACC, "TOTALS#USD", 2000, accountUsed - 2000, accountUsed));
        return new LeaseChecker().check(ACC, List.of(lease), List.of(held, captured), agents, counters, events, Map.of("p", 20000L));
    }

    static final List<LeaseChecker.EventRow> EVENTS = List.of(new LeaseChecker.EventRow("lease_1", "lease.created"),
            new LeaseChecker.EventRow("rsv_1", "reservation.created"), new LeaseChecker.EventRow("rsv_2", "reservation.created"),
            new LeaseChecker.EventRow("rsv_2", "reservation.captured"));

    @Test
    void aConsistentFamilyPasses() {
        assertEquals(List.of(), check(1000, 8000, 10000, EVENTS));
    }

    @Test
    void plantedViolationsAreCaught() {
        assertTrue(check(900, 8000, 10000, EVENTS).stream().anyMatch(v -> v.contains("lease lease_1 held/spent")), "lease vs drawers");
        assertTrue(check(1000, 7999, 10000, EVENTS).stream().anyMatch(v -> v.contains("agent p")), "parent money");
        assertTrue(check(1000, 8000, 10001, EVENTS).stream().anyMatch(v -> v.contains("account totals")), "account totals");
        assertTrue(check(1000, 8000, 10000, EVENTS.subList(1, 4)).stream().anyMatch(v -> v.contains("lease.created")), "missing event");
    }
}
