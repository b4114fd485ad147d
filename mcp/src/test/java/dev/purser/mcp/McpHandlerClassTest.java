package dev.purser.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.purser.http.LambdaFunction;
import org.junit.jupiter.api.Test;

/** What functions' HandlersTest checks for its own jar, for the function this jar deploys. */
class McpHandlerClassTest {
    @Test
    void theStackDeploysThisClassWithItsNoArgumentConstructor() throws Exception {
        assertEquals(LambdaFunction.Artifact.MCP, LambdaFunction.MCP.artifact());
        assertEquals(McpFunction.class.getName(), LambdaFunction.MCP.handlerClass());
        assertNotNull(Class.forName(LambdaFunction.MCP.handlerClass()).getConstructor());
    }
}
