package dev.purser.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.config.Env;
import dev.purser.json.Json;
import dev.purser.local.PurserLocal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold start of the stdio MCP server (docs/mcp.md): spawn {@code java -jar mcp/target/purser-mcp.jar},
 * then initialize and one {@code tools/call} (purser_get_budget) over its pipes, timed from spawn
 * to the initialize answer and to the first tool answer. Both backends: HTTP to a local runtime
 * ({@code PURSER_URL}) and in-process against its DynamoDB Local.
 */
final class McpColdStartSection {
    void run(Settings settings, Report report) throws Exception {
        var json = report.section("mcp_stdio_cold_start");
        Path jar = mcpJar(settings.functionsJar());
        if (!jar.toFile().exists()) {
            report.row("MCP stdio cold start", "skipped", "no " + jar + " (mvn -B -DskipTests package)", "");
            return;
        }
        try (PurserLocal local = PurserLocal.startInMemory()) {
            String token = local.demoAgentToken();
            Map<String, Map<String, String>> modes = Map.of(
                    "http", Map.of("PURSER_URL", local.baseUrl(), "PURSER_TOKEN", token),
                    "in_process", Map.of("PURSER_TOKEN", token, Env.TABLE_NAME, PurserLocal.tableName(),
                            "AWS_ENDPOINT_URL_DYNAMODB", local.dynamoEndpoint(), "AWS_REGION", "us-east-1",
                            "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local"));
            for (String mode : List.of("http", "in_process")) {
                List<Double> init = new ArrayList<>();
                List<Double> first = new ArrayList<>();
                for (int i = 0; i < Math.max(1, settings.coldRuns()); i++) {
                    double[] t = once(jar, modes.get(mode));
                    init.add(t[0]);
                    first.add(t[1]);
                }
                String label = "MCP stdio cold start (" + mode + ")";
                report.row(label, "spawn → initialize answered, median", Report.num(median(init), 0) + " ms", "");
                report.row(label, "spawn → first tool answer, median / max",
                        Report.num(median(first), 0) + " / " + Report.num(max(first), 0) + " ms", "");
                var o = json.putObject(mode);
                o.put("runs", first.size());
                o.put("initialize_median_ms", median(init));
                o.put("first_tool_answer_median_ms", median(first));
                o.put("first_tool_answer_max_ms", max(first));
            }
        }
    }

    /** One spawn: {initialize ms, first tool answer ms}, both since the process was started. */
    private static double[] once(Path jar, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(javaBinary(), "-jar", jar.toString()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}");
            answer(out, 1);
            double init = (System.nanoTime() - start) / 1e6;
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"purser_get_budget\",\"arguments\":{}}}");
            JsonNode result = answer(out, 2);
            double first = (System.nanoTime() - start) / 1e6;
            if (result.path("result").path("isError").asBoolean(true)) {
                throw new IllegalStateException("the first tool call failed: " + result);
            }
            return new double[] {init, first};
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    private static void send(OutputStream in, String line) throws Exception {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static JsonNode answer(BufferedReader out, int id) throws Exception {
        for (String line; (line = out.readLine()) != null; ) {
            JsonNode msg = Json.parse(line);
            if (!"2.0".equals(msg.path("jsonrpc").asText())) {
                throw new IllegalStateException("stdout carried a line that is not the protocol: " + line);
            }
            if (msg.path("id").asInt(-1) == id) return msg;
        }
        throw new IllegalStateException("the server exited before answering " + id);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Path mcpJar(Path functionsJar) {
        Path root = functionsJar.toAbsolutePath().getParent().getParent().getParent();
        return root.resolve("mcp/target/purser-mcp.jar");
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
