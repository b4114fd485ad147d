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
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
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

    static final Duration ELICITATION_TIMEOUT = Duration.ofMinutes(2);

    private PurserMcp() {}

    public static void main(String[] args) throws InterruptedException {
        // Before any logger exists: log4j's console appender writes to the stdout file descriptor
        // itself (not System.out), and the Lambda configuration it would otherwise load does.
        System.setProperty("log4j2.configurationFile", "log4j2-mcp-stdio.xml");
        OutputStream protocol = new java.io.FileOutputStream(java.io.FileDescriptor.out);
        System.setOut(new PrintStream(System.err, true));
        Map<String, String> env = System.getenv();
        CountDownLatch stdinClosed = new CountDownLatch(1);
        McpSyncServer server = stdio(env, new EndOfInput(System.in, stdinClosed::countDown), protocol);
        Runtime.getRuntime().addShutdownHook(new Thread(server::closeGracefully));
        // The transport's threads serve until the client closes our stdin (the MCP spec's stdio
        // shutdown) or ends the process; the SDK's threads would keep the JVM alive, so exit here.
        stdinClosed.await();
        System.exit(0);
    }

    /** The client's stdin, noticing its end (EOF or a read error: the client is gone either way). */
    static final class EndOfInput extends FilterInputStream {
        private final Runnable onEnd;

        EndOfInput(InputStream in, Runnable onEnd) {
            super(in);
            this.onEnd = onEnd;
        }

        @Override
        public int read() throws IOException {
            return ended(guard(super::read));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return ended(guard(() -> super.read(b, off, len)));
        }

        private int ended(int n) {
            if (n < 0) onEnd.run();
            return n;
        }

        private int guard(IoRead read) throws IOException {
            try {
                return read.get();
            } catch (IOException e) {
                onEnd.run();
                throw e;
            }
        }

        private interface IoRead {
            int get() throws IOException;
        }
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
                // A server-to-client request waits on a human only for the approval page's elicitation.
                .requestTimeout(ELICITATION_TIMEOUT)
                .tools(McpTools.forSession(invoker, token == null ? null : token.strip()))
                .build();
    }
}
