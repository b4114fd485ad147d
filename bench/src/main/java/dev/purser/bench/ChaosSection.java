package dev.purser.bench;

import dev.purser.local.chaos.KillRestartProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Issue 11's crash probe, repeatable: the local runtime as a child JVM on one data directory,
 * {@code kill -9}ed in the middle of concurrent load N times and restarted on the same directory
 * ({@link KillRestartProbe}). Prints what must be 0: acknowledged requests lost, idempotent
 * replays (create and confirm) that answer differently, webhook events lost, invariant
 * violations; and the start-to-ready time of each restart.
 */
final class ChaosSection {
    boolean run(Settings settings, Report report) throws Exception {
        Path dir = Files.createTempDirectory("purser-chaos").resolve("data");
        var probe = new KillRestartProbe.Settings(settings.chaosRounds(), 8, Math.max(24, settings.chaosRounds() * 3),
                Duration.ZERO, Duration.ofMillis(1500), settings.seed(), dir, System.getProperty("java.class.path"),
                Duration.ofSeconds(60));
        System.err.println("chaos: " + settings.chaosRounds() + " kill -9 / restart rounds of the local runtime in " + dir);
        KillRestartProbe.Report r = KillRestartProbe.run(probe);
        var json = report.section("chaos");
        json.put("rounds", r.rounds());
        json.put("acknowledged_creates", r.acknowledgedCreates());
        json.put("acknowledged_confirms", r.acknowledgedConfirms());
        json.put("events_received", r.eventsReceived());
        json.put("duplicate_events", r.duplicateEvents());
        json.put("acknowledged_lost", r.acknowledgedLost());
        json.put("replay_mismatches", r.replayMismatches());
        json.put("confirm_replay_mismatches", r.confirmReplayMismatches());
        json.put("events_lost", r.eventsLost());
        json.put("invariant_violations", r.invariantViolations());
        var starts = json.putArray("ready_ms");
        r.healthMillis().forEach(starts::add);
        var problems = json.putArray("problems");
        r.problems().forEach(problems::add);
        long medianReady = r.healthMillis().stream().sorted().toList().get(r.healthMillis().size() / 2);
        String section = "Chaos (kill -9 x " + r.rounds() + ")";
        report.row(section, "acknowledged creates / confirms", r.acknowledgedCreates() + " / " + r.acknowledgedConfirms(), "");
        report.row(section, "acknowledged lost", Integer.toString(r.acknowledgedLost()), "0");
        report.row(section, "replays answering differently (create / confirm)",
                r.replayMismatches() + " / " + r.confirmReplayMismatches(), "0 / 0");
        report.row(section, "events lost (received, duplicates)",
                r.eventsLost() + " (" + r.eventsReceived() + ", " + r.duplicateEvents() + ")", "0");
        report.row(section, "invariant violations", Integer.toString(r.invariantViolations()), "0");
        report.row(section, "5xx answers by kind", r.serverErrors().isEmpty() ? "none" : r.serverErrors().toString(),
                "no 500");
        var errors = json.putObject("server_errors");
        r.serverErrors().forEach(errors::put);
        report.row(section, "start -> ready (median of " + r.healthMillis().size() + ")",
                String.format(Locale.ROOT, "%d ms", medianReady), "< 10000 ms");
        r.problems().stream().limit(10).forEach(p -> System.out.println("chaos: " + p));
        return r.clean();
    }
}
