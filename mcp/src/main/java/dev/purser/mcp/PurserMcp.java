package dev.purser.mcp;

import dev.purser.config.Purser;
import dev.purser.tools.Backend;
import dev.purser.tools.HttpBackend;
import dev.purser.tools.InProcessBackend;
import dev.purser.tools.ToolInvoker;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The stdio MCP server: {@code java -jar mcp/target/purser-mcp.jar}, configured by
 * {@code PURSER_TOKEN} (the agent's {@code agt_} token) and {@code PURSER_URL} (the deployment's
 * API base URL: calls go there over HTTPS). Without {@code PURSER_URL} it runs the tools
 * in-process against the table the usual variables name ({@code PURSER_TABLE_NAME},
 * {@code AWS_ENDPOINT_URL}, …), as the Lambdas do.
 *
 * <p>stdout is the protocol: nothing else may write to it, so {@code System.out} is pointed at
 * stderr before anything runs.
 */
public final class PurserMcp {
    static final String NAME = "purser";
    static final String VERSION = "0.1.0";
    static final String INSTRUCTIONS = "Purser controls this agent's spending. Before spending any money, ask with "
            + "purser_request_purchase (or purser_pay / purser_x402_authorize / purser_reserve) and act on the "
            + "answer: auto_approved or completed means go ahead; pending means a human must approve, so wait and "
            + "poll; rejected, denied or authorized=false means stop and tell the user the reason. Tools that only "
            + "read or dry-run (budget, policy, check, estimate, authorize_spend) change nothing.";

    private PurserMcp() {}

    public static void main(String[] args) throws InterruptedException {
        // Before any logger exists: log4j's console appender writes to the stdout file descriptor
        // itself (not System.out), and the Lambda configuration it would otherwise load does.
        System.setProperty("log4j2.configurationFile", "log4j2-mcp-stdio.xml");
        OutputStream protocol = new java.io.FileOutputStream(java.io.FileDescriptor.out);
        System.setOut(new PrintStream(System.err, true));
        Map<String, String> env = System.getenv();
        McpSyncServer server = stdio(env, System.in, protocol);
        Runtime.getRuntime().addShutdownHook(new Thread(server::closeGracefully));
        new CountDownLatch(1).await(); // the transport's threads serve until the client ends the process
    }

    /** The backend the environment asks for: HTTP to {@code PURSER_URL}, else in-process. */
    static Backend backend(Map<String, String> env) {
        String url = env.get("PURSER_URL");
        if (url != null && !url.isBlank()) return new HttpBackend(url.strip());
        return new InProcessBackend(Purser.fromEnvironment());
    }

    static McpSyncServer stdio(Map<String, String> env, InputStream in, OutputStream out) {
        String token = env.get("PURSER_TOKEN");
        if (token == null || token.isBlank()) {
            System.err.println("purser-mcp: PURSER_TOKEN is not set; every tool will answer 401 until it is");
        }
        ToolInvoker invoker = new ToolInvoker(backend(env));
        var transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper(), in, out);
        return McpServer.sync(transport)
                .serverInfo(NAME, VERSION)
                .instructions(INSTRUCTIONS)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(McpTools.forSession(invoker, token == null ? null : token.strip()))
                .build();
    }
}
