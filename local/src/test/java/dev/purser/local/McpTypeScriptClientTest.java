package dev.purser.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.config.Env;
import dev.purser.json.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 28's MCP acceptance with the official TypeScript SDK client (pinned in
 * {@code src/test/node/package.json}), driven by {@code mcp-conformance.mjs}: over streamable HTTP
 * (the local runtime's {@code POST /mcp}) an unsupported {@code MCP-Protocol-Version} is a 400;
 * over HTTP and stdio (the mcp jar, both calling this runtime over HTTP and running in-process on
 * its table) every structured answer validates against its tool's {@code outputSchema}; a pending
 * purchase elicits the owner's signed approval page (stdio in-process, which holds the signing key)
 * or says where to approve; the stdio server exits by itself when its stdin closes.
 */
class McpTypeScriptClientTest {
    static PurserLocal local;

    @BeforeAll
    static void start() throws Exception {
        local = PurserLocal.startInMemory();
    }

    @AfterAll
    static void stop() {
        if (local != null) local.close();
    }

    @Test
    void theOfficialTypeScriptClientConforms() throws Exception {
        Path node = UpstreamTools.install();
        McpAcceptanceTest.local = local; // its agent() registers and funds on this runtime
        McpAcceptanceTest.Agent agent = McpAcceptanceTest.agent();
        ObjectNode cfg = Json.object().put("baseUrl", local.baseUrl()).put("token", agent.token())
                .put("walletId", agent.walletId()).put("publicBaseUrl", System.getProperty(Env.PUBLIC_BASE_URL));
        McpAcceptanceTest.McpJar.command().forEach(cfg.putArray("stdioArgs")::add);
        cfg.putObject("stdioRemoteEnv").put("PURSER_URL", local.baseUrl()).put("PURSER_TOKEN", agent.token());
        ObjectNode inProcess = cfg.putObject("stdioInProcessEnv").put("PURSER_TOKEN", agent.token());
        for (String key : new String[] {"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SQS", "AWS_REGION", Env.TABLE_NAME,
                Env.PUBLIC_BASE_URL, Env.LINK_SIGNING_SECRET, Env.WEBHOOK_QUEUE_URL}) {
            inProcess.put(key, System.getProperty(key));
        }
        inProcess.put("AWS_ACCESS_KEY_ID", "local").put("AWS_SECRET_ACCESS_KEY", "local");
        // Only the in-process server holds the link-signing key; over HTTP it cannot sign the page.
        cfg.putObject("expectElicitation").put("stdio-remote", false).put("stdio-inprocess", true);
        UpstreamTools.Result r = UpstreamTools.run(node, Map.of(), 600, "node", "mcp-conformance.mjs", Json.write(cfg));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("ALL OK"), r.output());
        System.out.println(r.output());
    }
}
