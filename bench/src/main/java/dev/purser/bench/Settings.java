package dev.purser.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Command-line settings. The defaults are the full run the figures in docs/benchmarks.md come
 * from; {@code --quick} scales every section down to seconds for smoke runs on a busy machine.
 */
record Settings(
        boolean quick,
        long seed,
        Path out,
        Set<String> sections,
        Path functionsJar,
        int engineSeconds,
        int decisionsPerOutcome,
        int httpRequestsPerLevel,
        List<Integer> concurrency,
        int coldRuns,
        int sweepNotDue,
        int sweepDue,
        int agents,
        int requests,
        int clients,
        int maxSeconds,
        int chaosRounds,
        Path localJar,
        Path prevLocalJar,
        List<String> prevLocalOptions) {

    static final List<String> ALL = List.of("engine", "decision", "payments", "http", "coldstart", "mcp", "sweep", "tokenscan", "invariants", "ledger", "leases", "chaos", "runtime");

    static final String USAGE = """
            Usage: java -jar bench/target/purser-bench.jar [options]
              --quick              scale every section down to a few seconds (smoke run)
              --seed S             seed of the invariant load's schedule (default: random, printed)
              --out FILE           JSON results (default bench-results/results.json)
              --only a,b           sections to run: engine, decision, payments, http, coldstart, mcp, sweep, tokenscan, invariants, ledger, leases, chaos, runtime
              --functions-jar F    the Lambda jar for cold start (default functions/target/purser-functions.jar)
              --agents N           invariant load: agents under one account (default 50)
              --requests N         invariant load: create operations (default 10000; quick 500)
              --clients N          invariant load: concurrent clients (default 16)
              --max-seconds N      invariant load: stop dispatching after N seconds (default 1800)
              --cold-runs N        cold start: JVMs per variant (default 5; quick 2)
              --sweep-not-due N    expiry sweep: pending requests not due (default 100000; quick 5000)
              --sweep-due N        expiry sweep: due requests of the first run; the second has N/10 (default 10000)
              --chaos-rounds N     chaos: kill -9 / restart rounds of the local runtime (default 20; quick 3)
              --local-jar F        runtime: the local runtime's jar (default local/target/purser-local.jar)
              --prev-local-jar F   runtime: an earlier build's jar, run interleaved with this one
              --prev-local-opts O  runtime: its JVM options, space-separated (default none: plain java -jar)
            """;

    static Settings parse(String[] args) {
        boolean quick = false;
        Long seed = null;
        Path out = Path.of("bench-results", "results.json");
        Set<String> sections = new LinkedHashSet<>(ALL);
        Path jar = null;
        Integer agents = null, requests = null, clients = null, maxSeconds = null, coldRuns = null;
        Integer sweepNotDue = null, sweepDue = null, chaosRounds = null;
        Path localJar = null, prevLocalJar = null;
        List<String> prevLocalOptions = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--seed" -> seed = Long.parseLong(value(args, ++i));
                case "--out" -> out = Path.of(value(args, ++i));
                case "--only" -> {
                    sections = new LinkedHashSet<>(List.of(value(args, ++i).split(",")));
                    for (String s : sections) if (!ALL.contains(s)) throw new IllegalArgumentException("unknown section " + s + "\n" + USAGE);
                }
                case "--functions-jar" -> jar = Path.of(value(args, ++i));
                case "--agents" -> agents = Integer.parseInt(value(args, ++i));
                case "--requests" -> requests = Integer.parseInt(value(args, ++i));
                case "--clients" -> clients = Integer.parseInt(value(args, ++i));
                case "--max-seconds" -> maxSeconds = Integer.parseInt(value(args, ++i));
                case "--cold-runs" -> coldRuns = Integer.parseInt(value(args, ++i));
                case "--sweep-not-due" -> sweepNotDue = Integer.parseInt(value(args, ++i));
                case "--sweep-due" -> sweepDue = Integer.parseInt(value(args, ++i));
                case "--chaos-rounds" -> chaosRounds = Integer.parseInt(value(args, ++i));
                case "--local-jar" -> localJar = Path.of(value(args, ++i));
                case "--prev-local-jar" -> prevLocalJar = Path.of(value(args, ++i));
                case "--prev-local-opts" -> prevLocalOptions = List.of(value(args, ++i).trim().split("\\s+"));
                case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        long s = seed != null ? seed : new java.security.SecureRandom().nextLong() & 0xFFFF_FFFFL;
        return new Settings(quick, s, out, sections, jar != null ? jar : defaultFunctionsJar(),
                quick ? 1 : 5,
                quick ? 100 : 2_000,
                quick ? 150 : 3_000,
                List.of(1, 8, 32, 128),
                coldRuns != null ? coldRuns : quick ? 2 : 5,
                sweepNotDue != null ? sweepNotDue : quick ? 5_000 : 100_000,
                sweepDue != null ? sweepDue : quick ? 500 : 10_000,
                agents != null ? agents : 50,
                requests != null ? requests : quick ? 500 : 10_000,
                clients != null ? clients : 16,
                maxSeconds != null ? maxSeconds : 1_800,
                chaosRounds != null ? chaosRounds : quick ? 3 : 20,
                localJar != null ? localJar : sibling("local", "purser-local.jar"),
                prevLocalJar,
                prevLocalOptions);
    }

    /** Run from the repository root, or anywhere with the bench jar still in bench/target. */
    private static Path defaultFunctionsJar() {
        return sibling("functions", "purser-functions.jar");
    }

    /** A module's jar in its target directory, from the repository root or next to the bench's jar. */
    private static Path sibling(String module, String jar) {
        Path fromRoot = Path.of(module, "target", jar);
        if (fromRoot.toFile().exists()) return fromRoot;
        try {
            Path self = Path.of(Settings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path sibling = self.getParent().getParent().getParent().resolve(module + "/target/" + jar);
            if (sibling.toFile().exists()) return sibling;
        } catch (Exception ignored) {
            // fall through to the relative default; the section reports it missing
        }
        return fromRoot;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) throw new IllegalArgumentException(args[i - 1] + " needs a value\n" + USAGE);
        return args[i];
    }

    boolean runs(String section) {
        return sections.contains(section);
    }
}
