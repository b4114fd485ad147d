package dev.purser.local.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, durability: the local runtime in a child JVM, {@code kill -9}ed in the middle of
 * concurrent load a few times and restarted on the same data directory, loses nothing it answered
 * (requests, idempotent replays of creates and confirms, webhook events) and keeps the money
 * invariants. The bench's {@code chaos} section runs more rounds.
 */
class KillRestartTest {
    @TempDir
    Path dir;

    @Test
    void nothingAcknowledgedIsLostAcrossKillNine() throws Exception {
        var report = KillRestartProbe.run(KillRestartProbe.Settings.quick(dir.resolve("data")));
        System.out.println("kill-restart probe: " + report);
        String problems = String.join("\n", report.problems());
        assertTrue(report.acknowledgedCreates() > 0, "the load was acknowledged at all");
        assertTrue(report.acknowledgedConfirms() > 0, "some confirms were acknowledged");
        assertEquals(0, report.acknowledgedLost(), problems);
        assertEquals(0, report.replayMismatches(), problems);
        assertEquals(0, report.confirmReplayMismatches(), problems);
        assertEquals(0, report.eventsLost(), problems);
        assertEquals(0, report.invariantViolations(), problems);
    }
}
