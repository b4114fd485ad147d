package dev.purser.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.local.LocalJvmOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The local runtime as users run it: each build a child JVM started from its jar with the options
 * its README gives, decisions over HTTP at 1, 8 and 32 clients, and the server measured from
 * outside: decisions/s, p50/p99, CPU milliseconds per decision (the process's CPU time over the
 * load / decisions: every thread counts, front, handlers, engines, pollers, GC, JIT) and peak RSS.
 *
 * <p>With {@code --prev-local-jar F} (a jar built from an earlier commit) both builds run in the
 * same run, interleaved: each level runs in rounds, and every round loads one build then the
 * other (alternating which goes first), so a load spike from the machine's other work falls on
 * both alike. Each build runs with its own launch options ({@code --prev-local-opts} for the
 * earlier one: default none, as its README said {@code java -jar}).
 */
final class RuntimeSection {
    private static final int ROUNDS = 3;
    /** Decisions per agent: well under the 60/minute/agent rate limit within a level. */
    private static final int PER_AGENT = 40;

    void run(Settings settings, Report report) throws Exception {
        var json = report.section("local_runtime");
        Path jar = settings.localJar();
        if (!Files.exists(jar)) {
            report.row("Local runtime", "SKIPPED", "no " + jar, "build local first");
            json.put("skipped", "missing " + jar);
            return;
        }
        Map<String, RuntimeProcess> builds = new LinkedHashMap<>();
        try {
            if (settings.prevLocalJar() != null) {
                builds.put("previous", RuntimeProcess.start("previous", settings.prevLocalJar(), settings.prevLocalOptions()));
            }
            builds.put("this build", RuntimeProcess.start("this build", jar, LocalJvmOptions.OPTIONS));
            measure(settings, builds, report, json);
        } finally {
            for (RuntimeProcess p : builds.values()) p.close();
        }
    }

    private void measure(Settings settings, Map<String, RuntimeProcess> builds, Report report, ObjectNode json) throws Exception {
        int perRound = settings.quick() ? 60 : 400;
        int rounds = settings.quick() ? 2 : ROUNDS;
        // Warm: the JIT, the token caches, the tables; not counted.
        for (RuntimeProcess p : builds.values()) load(p, 8, perRound, "warm-up");
        var levels = json.putArray("levels");
        int round = 0;
        for (int c : List.of(1, 8, 32)) {
            int n = c == 1 ? Math.max(40, perRound / 3) : perRound;
            Map<String, Totals> totals = new LinkedHashMap<>();
            List<RuntimeProcess> order = new ArrayList<>(builds.values());
            for (int r = 0; r < rounds; r++, round++) {
                if (round % 2 == 1) Collections.reverse(order);
                for (RuntimeProcess p : order) {
                    totals.computeIfAbsent(p.name(), k -> new Totals()).add(load(p, c, n, "c=" + c + " round " + (r + 1)));
                }
            }
            for (RuntimeProcess p : builds.values()) {
                Totals t = totals.get(p.name());
                String label = "Local runtime over HTTP, c=" + c + " (" + p.name() + ")";
                report.row(label, "decisions/s", Report.num(t.perSecond(), 1), "");
                report.row(label, "p50 / p99 latency", Report.num(t.p50Ms(), 1) + " / " + Report.num(t.p99Ms(), 1) + " ms", "");
                report.row(label, "server CPU per decision", Report.num(t.cpuMsPerDecision(), 1) + " ms", c == 1 ? "<= 12 ms" : "");
                if (t.failures > 0) report.row(label, "non-201 answers", Integer.toString(t.failures), "0");
                var o = levels.addObject();
                o.put("build", p.name());
                o.put("concurrency", c);
                o.put("decisions", t.latencies.count());
                o.put("decisions_per_second", t.perSecond());
                o.put("p50_ms", t.p50Ms());
                o.put("p99_ms", t.p99Ms());
                o.put("cpu_ms_per_decision", t.cpuMsPerDecision());
                o.put("non_201", t.failures);
            }
            ratio(builds, totals, c, report);
        }
        for (RuntimeProcess p : builds.values()) {
            report.row("Local runtime (" + p.name() + ")", "peak RSS", Report.num(p.peakRssMb(), 0) + " MB", "<= 512 MB");
            var o = json.putObject(p.name().replace(' ', '_'));
            o.put("peak_rss_mb", p.peakRssMb());
            o.put("log_lines", p.logLines());
        }
        json.put("launch_options_this_build", String.join(" ", LocalJvmOptions.OPTIONS));
    }

    private static void ratio(Map<String, RuntimeProcess> builds, Map<String, Totals> totals, int c, Report report) {
        if (!builds.containsKey("previous")) return;
        double ratio = totals.get("this build").perSecond() / totals.get("previous").perSecond();
        report.row("Local runtime over HTTP, c=" + c, "this build / previous (decisions/s)", Report.num(ratio, 2) + "x",
                c == 1 ? ">= 2x" : ">= 1x");
    }

    /** One measured load: n decisions at c clients on fresh agents, and the process's CPU over it. */
    private static Totals load(RuntimeProcess p, int c, int n, String what) throws Exception {
        // A client per load: its connections never sat idle while the other build ran (the JDK
        // server closes idle keep-alive connections, and a stale one fails the next call).
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        int agentCount = Math.max(c, (n + PER_AGENT - 1) / PER_AGENT);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < agentCount; i++) tokens.add(p.agent(client, "bench-" + UUID.randomUUID()));
        String url = p.baseUrl() + BenchWorld.AGENT_API + "/requests";
        // Each agent's first call looks its token up (the cold path): not part of the figures.
        HttpLoadSection.runConcurrently(c, tokens.size(), p.name() + " " + what + ": warming agents",
                i -> send(client, url + "/check", tokens.get(i), 200));
        long cpu0 = p.cpuNanos();
        HttpLoadSection.Load load = HttpLoadSection.runConcurrently(c, n, p.name() + " " + what + ": " + n + " decisions",
                i -> send(client, url, tokens.get(i % tokens.size()), 201));
        long cpu = p.cpuNanos() - cpu0;
        return new Totals().add(load, cpu);
    }

    /** One decision of 10.00 (auto-approved); 0 when answered as expected, 1 otherwise. */
    private static int send(HttpClient client, String url, String token, int expected) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("authorization", "Bearer " + token).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(BenchWorld.body(10_00, "groceries"))).build();
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            boolean ok = r.statusCode() == expected && (expected != 201 || r.body().contains("\"status\":\"auto_approved\""));
            return ok ? 0 : 1;
        } catch (Exception e) {
            return 1;
        }
    }

    /** Rounds of one build at one level, summed. */
    private static final class Totals {
        final Latencies latencies = new Latencies();
        long nanos;
        long cpuNanos;
        int failures;

        Totals add(HttpLoadSection.Load load, long cpu) {
            latencies.addAll(load.latencies());
            nanos += load.nanos();
            cpuNanos += cpu;
            failures += load.failures();
            return this;
        }

        Totals add(Totals other) {
            latencies.addAll(other.latencies);
            nanos += other.nanos;
            cpuNanos += other.cpuNanos;
            failures += other.failures;
            return this;
        }

        double perSecond() { return latencies.count() * 1e9 / nanos; }
        double p50Ms() { return Latencies.millis(latencies.percentile(50)); }
        double p99Ms() { return Latencies.millis(latencies.percentile(99)); }
        double cpuMsPerDecision() { return cpuNanos / 1e6 / latencies.count(); }
    }
}
