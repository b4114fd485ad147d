package dev.purser.bench;

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
 * the median of several runs, with the default JIT and with {@code -XX:TieredStopAtLevel=1}.
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
        var agent = world.agent(world.account(null), 1_000_000_00L, DecisionPathSection.POLICY);
        Path probeDir = extractProbe();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> props = List.of(
                "-DAWS_ENDPOINT_URL_DYNAMODB=" + aws.engines().dynamoEndpoint(),
                "-DAWS_REGION=us-east-1", "-Daws.accessKeyId=local", "-Daws.secretAccessKey=local",
                "-DPURSER_TABLE_NAME=" + table);
        String classpath = jar.toAbsolutePath() + java.io.File.pathSeparator + probeDir;
        int runs = settings.coldRuns();
        String[][] variants = {{"default JIT"}, {"-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=1"}};
        Progress progress = new Progress("cold start (" + runs + " JVMs per variant)", 2L * runs);
        int done = 0;
        json.put("runs_per_variant", runs);
        json.put("functions_jar_bytes", Files.size(jar));
        for (String[] variant : variants) {
            long[] spawnToAnswer = new long[runs];
            long[] sinceJvmStart = new long[runs];
            for (int i = 0; i < runs; i++) {
                List<String> cmd = new ArrayList<>();
                cmd.add(javaBin);
                if (variant.length > 1) cmd.add(variant[1]);
                cmd.addAll(props);
                cmd.addAll(List.of("-cp", classpath, ColdStartProbe.class.getName(), agent.token()));
                long[] r = once(cmd);
                spawnToAnswer[i] = r[0];
                sinceJvmStart[i] = r[1];
                progress.update(++done);
            }
            long median = median(spawnToAnswer);
            long medianInJvm = median(sinceJvmStart);
            report.row("Cold start: " + variant[0], "spawn -> first response (median)", median + " ms", "< 1500 ms");
            report.row("Cold start: " + variant[0], "JVM start -> first response (median)", medianInJvm + " ms", "");
            var v = json.putObject(variant.length > 1 ? "tiered_stop_at_level_1" : "default");
            v.put("median_spawn_to_response_ms", median);
            v.put("median_jvm_start_to_response_ms", medianInJvm);
            var all = v.putArray("spawn_to_response_ms");
            for (long x : spawnToAnswer) all.add(x);
        }
        progress.done();
    }

    /** Returns {spawn to answer line, the probe's since-JVM-start}, in ms. */
    private static long[] once(List<String> cmd) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String line;
        long elapsed = -1, inJvm = -1;
        StringBuilder output = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            while ((line = in.readLine()) != null) {
                if (line.startsWith("COLDSTART ")) {
                    elapsed = (System.nanoTime() - t0) / 1_000_000;
                    if (!line.contains("status=201")) throw new IllegalStateException("cold start probe answered: " + line + "\n" + output);
                    inJvm = Long.parseLong(line.substring(line.indexOf("since_jvm_start_ms=") + 19).trim());
                } else {
                    output.append(line).append('\n');
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        if (elapsed < 0) throw new IllegalStateException("cold start probe failed:\n" + output);
        return new long[] {elapsed, inJvm};
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
