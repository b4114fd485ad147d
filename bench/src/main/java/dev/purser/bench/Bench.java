package dev.purser.bench;

import dev.purser.testing.LocalAws;
import java.util.Locale;

/**
 * The one entry point: starts the embedded engines itself, runs the selected sections in order,
 * prints the table and writes the JSON. Exits 1 if the invariant load or the chaos probe found a
 * violation, 2 on bad arguments.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            // A section that failed must end the run, not leave it waiting on the embedded
            // servers' non-daemon threads.
            t.printStackTrace();
            System.exit(3);
        }
    }

    private static void run(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        // DynamoDB Local, ElasticMQ and Jetty log generously; the table is what matters here.
        java.util.logging.LogManager.getLogManager().reset();
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // The functions' per-request INFO line (log4j2, stdout) would interleave with the table.
        System.setProperty("purser.log.level", "WARN");
        Report report = new Report();
        var meta = report.json().putObject("settings");
        meta.put("mode", settings.quick() ? "quick" : "full");
        meta.put("seed", settings.seed());
        meta.put("sections", String.join(",", settings.sections()));
        meta.put("cores", Runtime.getRuntime().availableProcessors());
        meta.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        meta.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        meta.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        System.out.printf(Locale.ROOT, "Purser benchmark (%s run, seed %d, %d cores, %s)%n", settings.quick() ? "QUICK" : "full",
                settings.seed(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.runtime.version"));

        boolean invariantsOk = true;
        if (settings.runs("engine")) new PolicyEngineSection().run(settings, report);
        LocalAws aws = needsEngines(settings) ? LocalAws.get() : null;
        if (settings.runs("decision")) new DecisionPathSection().run(settings, aws.env(), report);
        if (settings.runs("payments")) new PaymentsSection().run(settings, aws.env(), report);
        if (settings.runs("coldstart")) new ColdStartSection().run(settings, aws, report);
        if (settings.runs("mcp")) new McpColdStartSection().run(settings, report);
        if (settings.runs("sweep")) new ExpirySweepSection().run(settings, aws.env(), report);
        if (settings.runs("tokenscan")) new TokenScanSection().run(settings, aws.env(), report);
        if (settings.runs("invariants")) invariantsOk = new InvariantLoad().run(settings, aws.env(), report);
        // The ledger load (payments, refunds, payouts, tokens); "invariants" runs it too.
        if (settings.runs("invariants") || settings.runs("ledger")) invariantsOk &= new LedgerLoad().run(settings, aws.env(), report);
        // Budget leases (docs/invariants.md §11); "invariants" runs them too.
        if (settings.runs("invariants") || settings.runs("leases")) invariantsOk &= new LeaseLoad().run(settings, aws.env(), report);
        // Child JVMs only: nothing of this JVM is touched.
        if (settings.runs("chaos")) invariantsOk &= new ChaosSection().run(settings, report);
        // Child JVMs only: each build of the local runtime from its jar.
        if (settings.runs("runtime")) new RuntimeSection().run(settings, report);
        // Last: the local runtime sets JVM-wide system properties of its own.
        if (settings.runs("http")) new HttpLoadSection().run(settings, report);

        System.out.println();
        System.out.print(report.table());
        report.write(settings.out());
        System.out.println("\nJSON: " + settings.out().toAbsolutePath());
        if (!invariantsOk) {
            System.out.println("INVARIANT VIOLATIONS: see above (replay the schedule with --seed " + settings.seed() + ")");
        }
        System.out.flush();
        // Embedded servers keep non-daemon threads: exit explicitly.
        System.exit(invariantsOk ? 0 : 1);
    }

    private static boolean needsEngines(Settings s) {
        return s.runs("decision") || s.runs("payments") || s.runs("coldstart") || s.runs("sweep") || s.runs("tokenscan") || s.runs("ledger")
                || s.runs("invariants") || s.runs("leases");
    }
}
