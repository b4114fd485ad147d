package dev.purser.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.testing.LocalAws;
import org.junit.jupiter.api.Test;

/** The lease part of the invariant load, small, on the embedded engines: 0 violations. */
class LeaseLoadTest {
    @Test
    void aSmallSeededLeaseLoadHasNoViolations() throws Exception {
        Settings settings = Settings.parse(new String[] {"--quick", "--seed", "1414", "--requests", "1000", "--clients", "8",
                "--out", "target/lease-load-test.json"});
        Report report = new Report();
        assertTrue(new LeaseLoad().run(settings, LocalAws.get().env(), report), report.table());
    }
}
