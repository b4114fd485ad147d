package dev.purser.bench;

import dev.purser.config.LambdaJvmOptions;
import dev.purser.testing.LocalAws;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold start: a fresh JVM on {@code purser-functions.jar}, extracted as Lambda runs it (see
 * {@link #taskDir}), plus the one probe class, from process
 * start to its first handled {@code POST /requests} against the already running DynamoDB Local,
 * the median of several runs, with the default JVM and with the stack's {@code JAVA_TOOL_OPTIONS}
 * ({@link LambdaJvmOptions}, the same constant the stack deploys, passed the same way). Then the
 * SnapStart case: with the stack's options, the probe runs the priming hook after the constructor
 * and times its first decision against its warm ones (target: within 2x).
 * The main figure is measured by this process (spawn to the probe's answer line, so it includes
 * JVM boot and process exit of nothing); the probe's own "since JVM start" is reported beside it.
 * The first request of a container costs 3 round trips (token lookup, batch, transaction).
 */
final class ColdStartSection {
    void run(Settings settings, LocalAws aws, Report report) throws Exception {
        try {
            measure(settings, aws, report);
        } finally {
            // The extracted jars (tens of MB each) never outlive the section, whatever happened.
            for (Path dir : TASK_DIRS.values()) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
            TASK_DIRS.clear();
        }
    }

    private void measure(Settings settings, LocalAws aws, Report report) throws Exception {
        var json = report.section("cold_start");
        Path jar = settings.functionsJar();
        if (!Files.exists(jar)) {
            report.row("Cold start", "SKIPPED", "no " + jar, "build functions first");
            json.put("skipped", "missing " + jar);
            return;
        }
        String table = "purser-bench-coldstart";
        BenchWorld world = new BenchWorld(aws.env(), table, Clock.systemUTC());
        var account = world.account(null);
        Path probeDir = extractProbe();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> props = List.of(
                "-DAWS_ENDPOINT_URL_DYNAMODB=" + aws.engines().dynamoEndpoint(),
                "-DAWS_REGION=us-east-1", "-Daws.accessKeyId=local", "-Daws.secretAccessKey=local",
                "-DPURSER_TABLE_NAME=" + table);
        int runs = settings.coldRuns();
        List<Variant> variants = new ArrayList<>(List.of(new Variant("default JVM", jar, null, false),
                new Variant("stack JAVA_TOOL_OPTIONS", jar, LambdaJvmOptions.JAVA_TOOL_OPTIONS, true)));
        // Measuring aid for choosing the stack's options and comparing builds:
        // PURSER_COLD_VARIANTS="opts;jar=/path/other.jar opts;..." adds variants. A variant with its own
        // jar also gets primed runs (with its options, default the stack's), so a before/after build
        // compares in the same interleaved run; "coldjar=" instead of "jar=" skips them (a build
        // older than this probe's priming hooks).
        String extra = System.getenv("PURSER_COLD_VARIANTS");
        if (extra != null) {
            for (String v : extra.split(";")) {
                String opts = v.trim();
                Path variantJar = jar;
                boolean primed = false;
                if (opts.startsWith("jar=") || opts.startsWith("coldjar=")) {
                    primed = opts.startsWith("jar=");
                    int start = opts.indexOf('=') + 1;
                    int space = opts.indexOf(' ');
                    variantJar = Path.of(space < 0 ? opts.substring(start) : opts.substring(start, space));
                    opts = space < 0 ? LambdaJvmOptions.JAVA_TOOL_OPTIONS : opts.substring(space + 1).trim();
                }
                variants.add(new Variant(v.trim(), variantJar, opts, primed));
            }
        }
        json.put("stack_java_tool_options", LambdaJvmOptions.JAVA_TOOL_OPTIONS);
        json.put("runs_per_variant", runs);
        json.put("functions_jar_bytes", Files.size(jar));
        json.put("load_average_before", loadAverage());
        long primedVariants = variants.stream().filter(v -> v.primed).count();
        Progress progress = new Progress("cold start (" + runs + " JVMs per variant, interleaved)",
                (variants.size() + primedVariants) * runs);
        int done = 0;
        // Interleaved: run i of every variant, then run i+1 of every variant, so a load spike from
        // the machine's other work falls on all variants alike instead of on one.
        Map<Variant, long[][]> cold = new LinkedHashMap<>();
        Map<Variant, long[][]> primedRuns = new LinkedHashMap<>();
        for (Variant v : variants) {
            cold.put(v, new long[4][runs]);
            if (v.primed) primedRuns.put(v, new long[2][runs]);
        }
        for (int i = 0; i < runs; i++) {
            for (Variant v : variants) {
                // A fresh agent per JVM: its first call is the cold path, and no rate limit interferes.
                var agent = world.agent(account, 1_000_000_00L, DecisionPathSection.POLICY);
                long[] r = once(command(javaBin, props, v.jar, probeDir, agent.token(), false), v.options, "COLDSTART ");
                long[][] c = cold.get(v);
                c[0][i] = r[0];
                c[1][i] = r[1];
                c[2][i] = r[2];
                c[3][i] = r[3];
                progress.update(++done);
            }
            for (Variant v : variants) {
                if (!v.primed) continue;
                // SnapStart: priming before the (simulated) snapshot, then first vs warm decisions.
                var agent = world.agent(account, 1_000_000_00L, DecisionPathSection.POLICY);
                long[] r = once(command(javaBin, props, v.jar, probeDir, agent.token(), true), v.options, "PRIMED ");
                primedRuns.get(v)[0][i] = r[1];
                primedRuns.get(v)[1][i] = r[2];
                progress.update(++done);
            }
        }
        for (Variant v : variants) {
            long[][] c = cold.get(v);
            long median = median(c[0]);
            String label = "Cold start: " + v.label;
            report.row(label, "spawn -> first response (median)", median + " ms", "< 1000 ms");
            report.row(label, "JVM start -> first response (median)", median(c[1]) + " ms", "");
            report.row(label, "  of which handler constructor / first request", median(c[2]) + " / " + median(c[3]) + " ms", "");
            var o = json.putObject(v.options == null ? "default"
                    : v.jar.equals(jar) && v.options.equals(LambdaJvmOptions.JAVA_TOOL_OPTIONS) ? "stack_options" : v.label);
            o.put("median_spawn_to_response_ms", median);
            o.put("median_jvm_start_to_response_ms", median(c[1]));
            o.put("median_constructor_ms", median(c[2]));
            o.put("median_first_request_ms", median(c[3]));
            var all = o.putArray("spawn_to_response_ms");
            for (long x : c[0]) all.add(x);
        }
        for (Variant v : variants) {
            if (!v.primed) continue;
            long[][] p = primedRuns.get(v);
            long firstMedian = median(p[0]);
            long warmMedian = median(p[1]);
            double ratio = warmMedian == 0 ? 0 : (double) firstMedian / warmMedian;
            String label = "Cold start: primed (SnapStart)" + (v.jar.equals(jar) ? "" : ", " + v.label);
            report.row(label, "first decision after priming (median)", String.format("%.2f ms", firstMedian / 1000.0), "");
            report.row(label, "warm decision (median of medians)", String.format("%.2f ms", warmMedian / 1000.0), "");
            report.row(label, "first / warm", String.format("%.2fx", ratio), "<= 2x");
            var primed = json.putObject(v.jar.equals(jar) ? "primed" : "primed " + v.label);
            primed.put("median_first_decision_us", firstMedian);
            primed.put("median_warm_decision_us", warmMedian);
            primed.put("first_over_warm", ratio);
            var firsts = primed.putArray("first_decision_us");
            for (long x : p[0]) firsts.add(x);
        }
        String after = loadAverage();
        json.put("load_average_after", after);
        report.row("Cold start", "load average (1/5/15 min) before -> after", json.get("load_average_before").asText() + " -> " + after, "");
        progress.done();
    }

    /** One probe configuration: its label, the functions jar and the JAVA_TOOL_OPTIONS (null: none). */
    private record Variant(String label, Path jar, String options, boolean primed) {}

    private static List<String> command(String javaBin, List<String> props, Path jar, Path probeDir, String token, boolean primed)
            throws java.io.IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin);
        cmd.addAll(props);
        cmd.addAll(List.of("-cp", taskDir(jar) + java.io.File.pathSeparator + probeDir,
                ColdStartProbe.class.getName(), token));
        if (primed) cmd.add("primed");
        return cmd;
    }

    private static final Map<Path, Path> TASK_DIRS = new java.util.HashMap<>();

    /**
     * The jar laid out as Lambda runs it: Lambda extracts a jar (a zip) deployment package into
     * {@code /var/task} and puts that directory on the class path, so classes load from files,
     * not by inflating the jar (measured: ~7 % of a cold start here). Extracted once per run into a
     * temporary directory; a directory given as a variant's {@code jar=} is used as it is.
     */
    static Path taskDir(Path jar) throws java.io.IOException {
        if (Files.isDirectory(jar)) return jar.toAbsolutePath();
        Path dir = TASK_DIRS.get(jar);
        if (dir != null) return dir;
        dir = Files.createTempDirectory("purser-var-task");
        TASK_DIRS.put(jar, dir);
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                var entry = entries.nextElement();
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) throw new java.io.IOException("entry outside the task directory: " + entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
        return dir;
    }

    /** The machine's load average (the bench's figures are wall-clock: say how busy it was). */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    /**
     * Runs the probe; returns {spawn to answer line in ms, then the line's figures}: for COLDSTART
     * the probe's since-JVM-start ms, for PRIMED the first and warm decision in µs. The JVM options
     * go in {@code JAVA_TOOL_OPTIONS}, as Lambda passes them.
     */
    private static long[] once(List<String> cmd, String javaToolOptions, String marker) throws Exception {
        long t0 = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (javaToolOptions != null) builder.environment().put("JAVA_TOOL_OPTIONS", javaToolOptions);
        else builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = builder.start();
        String line;
        long elapsed = -1, inJvm = -1, warm = -1, constructor = -1, first = -1;
        StringBuilder output = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            while ((line = in.readLine()) != null) {
                if (line.startsWith(marker)) {
                    elapsed = (System.nanoTime() - t0) / 1_000_000;
                    if (!line.contains("status=201")) throw new IllegalStateException("cold start probe answered: " + line + "\n" + output);
                    if (marker.startsWith("COLDSTART")) {
                        inJvm = field(line, "since_jvm_start_ms");
                        constructor = field(line, "constructor_ms");
                        first = field(line, "first_request_ms");
                    } else {
                        inJvm = field(line, "first_us");
                        warm = field(line, "warm_median_us");
                    }
                } else {
                    output.append(line).append('\n');
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        if (elapsed < 0) throw new IllegalStateException("cold start probe failed:\n" + output);
        return marker.startsWith("COLDSTART") ? new long[] {elapsed, inJvm, constructor, first} : new long[] {elapsed, inJvm, warm};
    }

    private static long field(String line, String name) {
        int at = line.indexOf(name + "=") + name.length() + 1;
        int end = line.indexOf(' ', at);
        return Long.parseLong((end < 0 ? line.substring(at) : line.substring(at, end)).trim());
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Copies the probe class alone into a directory, so the probe JVM sees no bench dependencies. */
    private static Path extractProbe() throws Exception {
        Path dir = Files.createTempDirectory("purser-coldstart");
        Path target = dir.resolve(ColdStartProbe.class.getName().replace('.', '/') + ".class");
        Files.createDirectories(target.getParent());
        try (InputStream in = ColdStartProbe.class.getResourceAsStream("ColdStartProbe.class")) {
            Files.copy(in, target);
        }
        dir.toFile().deleteOnExit();
        return dir;
    }
}
