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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cold start: a fresh JVM on {@code purser-functions.jar} (plus the one probe class) from process
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
        String classpath = jar.toAbsolutePath() + java.io.File.pathSeparator + probeDir;
        int runs = settings.coldRuns();
        List<String[]> variantList = new ArrayList<>(List.of(new String[] {"default JVM"},
                new String[] {"stack JAVA_TOOL_OPTIONS", LambdaJvmOptions.JAVA_TOOL_OPTIONS}));
        // Measuring aid for choosing the stack's options: PURSER_COLD_VARIANTS="opts;opts;..." adds variants.
        String extra = System.getenv("PURSER_COLD_VARIANTS");
        if (extra != null) for (String v : extra.split(";")) variantList.add(new String[] {v.trim(), v.trim()});
        String[][] variants = variantList.toArray(new String[0][]);
        Progress progress = new Progress("cold start (" + runs + " JVMs per variant)", (variants.length + 1L) * runs);
        json.put("stack_java_tool_options", LambdaJvmOptions.JAVA_TOOL_OPTIONS);
        int done = 0;
        json.put("runs_per_variant", runs);
        json.put("functions_jar_bytes", Files.size(jar));
        for (String[] variant : variants) {
            long[] spawnToAnswer = new long[runs];
            long[] sinceJvmStart = new long[runs];
            for (int i = 0; i < runs; i++) {
                // A fresh agent per JVM: its first call is the cold path, and no rate limit interferes.
                var agent = world.agent(account, 1_000_000_00L, DecisionPathSection.POLICY);
                List<String> cmd = new ArrayList<>();
                cmd.add(javaBin);
                cmd.addAll(props);
                cmd.addAll(List.of("-cp", classpath, ColdStartProbe.class.getName(), agent.token()));
                long[] r = once(cmd, variant.length > 1 ? variant[1] : null, "COLDSTART ");
                spawnToAnswer[i] = r[0];
                sinceJvmStart[i] = r[1];
                progress.update(++done);
            }
            long median = median(spawnToAnswer);
            long medianInJvm = median(sinceJvmStart);
            report.row("Cold start: " + variant[0], "spawn -> first response (median)", median + " ms", "< 1000 ms");
            report.row("Cold start: " + variant[0], "JVM start -> first response (median)", medianInJvm + " ms", "");
            var v = json.putObject(variant.length == 1 ? "default"
                    : variant[1].equals(LambdaJvmOptions.JAVA_TOOL_OPTIONS) ? "stack_options" : variant[1]);
            v.put("median_spawn_to_response_ms", median);
            v.put("median_jvm_start_to_response_ms", medianInJvm);
            var all = v.putArray("spawn_to_response_ms");
            for (long x : spawnToAnswer) all.add(x);
        }
        // SnapStart: priming before the (simulated) snapshot, then first vs warm decisions.
        long[] first = new long[runs];
        long[] warm = new long[runs];
        for (int i = 0; i < runs; i++) {
            var agent = world.agent(account, 1_000_000_00L, DecisionPathSection.POLICY);
            List<String> cmd = new ArrayList<>();
            cmd.add(javaBin);
            cmd.addAll(props);
            cmd.addAll(List.of("-cp", classpath, ColdStartProbe.class.getName(), agent.token(), "primed"));
            long[] r = once(cmd, LambdaJvmOptions.JAVA_TOOL_OPTIONS, "PRIMED ");
            first[i] = r[1];
            warm[i] = r[2];
            progress.update(++done);
        }
        long firstMedian = median(first);
        long warmMedian = median(warm);
        double ratio = warmMedian == 0 ? 0 : (double) firstMedian / warmMedian;
        report.row("Cold start: primed (SnapStart)", "first decision after priming (median)",
                String.format("%.2f ms", firstMedian / 1000.0), "");
        report.row("Cold start: primed (SnapStart)", "warm decision (median of medians)", String.format("%.2f ms", warmMedian / 1000.0), "");
        report.row("Cold start: primed (SnapStart)", "first / warm", String.format("%.2fx", ratio), "<= 2x");
        var primed = json.putObject("primed");
        primed.put("median_first_decision_us", firstMedian);
        primed.put("median_warm_decision_us", warmMedian);
        primed.put("first_over_warm", ratio);
        progress.done();
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
        long elapsed = -1, inJvm = -1, warm = -1;
        StringBuilder output = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            while ((line = in.readLine()) != null) {
                if (line.startsWith(marker)) {
                    elapsed = (System.nanoTime() - t0) / 1_000_000;
                    if (!line.contains("status=201")) throw new IllegalStateException("cold start probe answered: " + line + "\n" + output);
                    if (marker.startsWith("COLDSTART")) {
                        inJvm = field(line, "since_jvm_start_ms");
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
        return new long[] {elapsed, inJvm, warm};
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
