package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.logicalId;
import static dev.purser.infra.SynthesizedStack.map;
import static dev.purser.infra.SynthesizedStack.properties;
import static dev.purser.infra.SynthesizedStack.resources;
import static dev.purser.infra.SynthesizedStack.stack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.http.LambdaFunction;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent-tooling functions (docs/mcp.md): the MCP server is deployed from the mcp module's own
 * jar (the functions jar keeps its size budget), the tool schemas from the functions jar; the MCP
 * function may use the table like the agent-facing functions it stands in for, the schemas touch
 * nothing.
 */
class AgentToolsTemplateTest {
    private static Map<String, Object> code(LambdaFunction f) {
        return map(properties(resources("AWS::Lambda::Function").get(logicalId(stack().function(f).function()))).get("Code"));
    }

    @Test
    void theMcpFunctionRunsFromItsOwnJar() {
        assertNotEquals(code(LambdaFunction.CREATE_REQUEST).get("S3Key"), code(LambdaFunction.MCP).get("S3Key"));
        assertEquals(code(LambdaFunction.CREATE_REQUEST).get("S3Key"), code(LambdaFunction.AI_TOOLS).get("S3Key"));
        assertEquals("dev.purser.mcp.McpFunction", properties(resources("AWS::Lambda::Function")
                .get(logicalId(stack().function(LambdaFunction.MCP).function()))).get("Handler"));
    }

    /** Every action the function's role is allowed (its inline policies). */
    private static String actions(LambdaFunction f) {
        Object role = properties(resources("AWS::Lambda::Function").get(logicalId(stack().function(f).function()))).get("Role");
        String roleId = SynthesizedStack.list(map(role).get("Fn::GetAtt")).get(0).toString();
        StringBuilder out = new StringBuilder();
        resources("AWS::IAM::Policy").values().forEach(policy -> {
            Map<String, Object> props = properties(policy);
            if (SynthesizedStack.list(props.get("Roles")).contains(Map.of("Ref", roleId))) {
                out.append(map(props.get("PolicyDocument")).get("Statement"));
            }
        });
        return out.toString();
    }

    @Test
    void theToolSchemasTouchNoTableAndTheMcpFunctionNeverDeletes() {
        String tools = actions(LambdaFunction.AI_TOOLS);
        assertTrue(!tools.contains("dynamodb:"), tools);
        String mcp = actions(LambdaFunction.MCP);
        assertTrue(mcp.contains("dynamodb:PutItem"), mcp);
        assertTrue(!mcp.contains("dynamodb:DeleteItem"), mcp);
    }
}
