package dev.purser.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The stdio server as a client spawns it: stdout carries nothing but JSON-RPC (no log line, no
 * banner), and a deployment that cannot be reached is a tool result with the reason, not a
 * protocol failure; closing its stdin ends it.
 */
class StdioTest {
    @Test
    void stdoutIsOnlyTheProtocolAndAnUnreachableDeploymentIsAToolResult() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PurserMcp.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PURSER_URL", "http://127.0.0.1:" + closedPort);
        pb.environment().put("PURSER_TOKEN", "agt_test");
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
            assertEquals("purser", read(out, 1).path("result").path("serverInfo").path("name").asText());
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"purser_get_budget\",\"arguments\":{}}}");
            JsonNode result = read(out, 2).path("result");
            assertTrue(result.path("isError").asBoolean(), result.toString());
            assertTrue(result.path("content").get(0).path("text").asText().contains("unreachable"), result.toString());
            // The client closes our stdin: the server exits by itself (MCP stdio shutdown), status 0.
            in.close();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "still running 20 s after stdin closed");
            assertEquals(0, p.exitValue());
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void send(OutputStream in, String line) throws Exception {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** The answer to {@code id}; every line before it must be JSON-RPC too. */
    private static JsonNode read(BufferedReader out, int id) throws Exception {
        for (String line; (line = out.readLine()) != null; ) {
            JsonNode msg = Json.parse(line);
            assertEquals("2.0", msg.path("jsonrpc").asText(), "not the protocol on stdout: " + line);
            if (msg.path("id").asInt(-1) == id) return msg;
        }
        throw new AssertionError("the server exited before answering " + id);
    }
}
