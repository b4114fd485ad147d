package dev.purser.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One build of the local runtime as a child JVM ({@code java [options] -jar purser-local.jar
 * --in-memory --port 0}), as a user starts it: what it prints is read for its port and the demo
 * owner key; its stdout (the per-request log lines, at the default level) goes to a file, as a
 * terminal or a log file would take it. The process is measured from outside: total CPU time
 * ({@link ProcessHandle.Info#totalCpuDuration}) and peak resident memory ({@code VmHWM}).
 */
final class RuntimeProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final String baseUrl;
    private final String ownerKey;

    private RuntimeProcess(String name, Process process, Path log, String baseUrl, String ownerKey) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
        this.ownerKey = ownerKey;
    }

    /** Starts the jar and waits (up to 2 minutes) until it printed its welcome. */
    static RuntimeProcess start(String name, Path jar, List<String> jvmOptions) throws Exception {
        Path log = Files.createTempFile("purser-runtime-" + name.replaceAll("[^a-z0-9]", "") + "-", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--in-memory", "--port", "0"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String base = null;
        String owner = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            if (line.startsWith("Purser is running at ")) base = line.substring("Purser is running at ".length()).trim();
            if (line.trim().startsWith("owner key:")) owner = line.substring(line.indexOf(':') + 1).trim();
            if (line.startsWith("Press Ctrl-C")) break;
        }
        if (base == null || owner == null) {
            p.destroyForcibly();
            throw new IllegalStateException(name + ": " + jar + " did not start (no welcome)");
        }
        // The rest of its output (one line per request at the default level) goes to the file.
        Thread drain = new Thread(() -> drain(out, log), "runtime-stdout-" + name);
        drain.setDaemon(true);
        drain.start();
        return new RuntimeProcess(name, p, log, base.replace("localhost", "127.0.0.1"), owner);
    }

    private static void drain(BufferedReader out, Path log) {
        try (var w = Files.newBufferedWriter(log)) {
            String line;
            while ((line = out.readLine()) != null) {
                w.write(line);
                w.newLine();
            }
        } catch (IOException e) {
            // The process ended; nothing more to keep.
        }
    }

    String name() {
        return name;
    }

    String baseUrl() {
        return baseUrl;
    }

    /** Registers an agent under the demo account, auto-approving up to 1,000 with a large budget; returns its token. */
    String agent(HttpClient client, String label) throws Exception {
        JsonNode reg = post(client, "/v1/agents/register", "POST",
                "{\"external_id\":\"" + label + "\",\"name\":\"" + label + "\",\"budget\":\"9999999\"}");
        String id = reg.path("agent_id").asText();
        post(client, "/v1/agents/" + id + "/policy", "PUT",
                "{\"daily_limit\":9999999,\"auto_approve\":{\"enabled\":true,\"max_amount\":1000}}");
        String token = reg.path("token").asText(null);
        if (token == null) throw new IllegalStateException(name + ": no token in " + reg);
        return token;
    }

    private JsonNode post(HttpClient client, String path, String method, String body) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("authorization", "Bearer " + ownerKey).header("content-type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new IllegalStateException(name + ": " + method + " " + path + " → " + r.statusCode() + " " + r.body());
        return Json.parseTrusted(r.body());
    }

    /** CPU time the whole process has used so far (every thread: front, handlers, engines, pollers, GC, JIT). */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().orElseThrow().toNanos();
    }

    /** Peak resident set size so far in MB ({@code VmHWM}), or -1 where /proc is not available. */
    double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Lines it has written since it started (after the welcome). */
    long logLines() throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.count();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        Files.deleteIfExists(log);
    }
}
