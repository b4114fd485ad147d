package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.config.Env;
import dev.purser.http.LambdaFunction;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class FunctionsTemplateTest {

    @Test
    void oneFunctionPerDefinition() {
        // Besides ours, only CDK's BucketDeployment function (the console's files; ConsoleTemplateTest).
        long ours = resources("AWS::Lambda::Function").values().stream()
                .filter(f -> !"index.handler".equals(properties(f).get("Handler"))).count();
        assertEquals(LambdaFunction.values().length, ours);
        assertEquals(LambdaFunction.values().length + 1, resources("AWS::Lambda::Function").size());
        assertEquals(LambdaFunction.values().length, resources("AWS::Lambda::Alias").size());
    }

    @ParameterizedTest
    @EnumSource(LambdaFunction.class)
    void java21OnArm64WithSnapStartAndTheDefinedSizing(LambdaFunction definition) {
        Map<String, Object> fn = functionProperties(definition);
        assertEquals("java21", fn.get("Runtime"));
        assertEquals(List.of("arm64"), fn.get("Architectures"));
        assertEquals(Map.of("ApplyOn", "PublishedVersions"), fn.get("SnapStart"));
        assertEquals(definition.handlerClass(), fn.get("Handler"));
        assertEquals(definition.memoryMb(), ((Number) fn.get("MemorySize")).intValue());
        assertEquals(definition.timeoutSeconds(), ((Number) fn.get("Timeout")).intValue());
    }

    @ParameterizedTest
    @EnumSource(LambdaFunction.class)
    void liveAliasOnAPublishedVersion(LambdaFunction definition) {
        PurserFunction function = stack().function(definition);
        Map<String, Object> alias = properties(resources("AWS::Lambda::Alias").get(logicalId(function.alias())));
        assertEquals("live", alias.get("Name"));
        assertEquals(ref(logicalId(function.function())), alias.get("FunctionName"));
        String versionId = (String) list(map(alias.get("FunctionVersion")).get("Fn::GetAtt")).get(0);
        assertTrue(resources("AWS::Lambda::Version").containsKey(versionId), "alias points at a published version");
    }

    @ParameterizedTest
    @EnumSource(LambdaFunction.class)
    void logsGoToItsOwnLogGroupWithRetention(LambdaFunction definition) {
        Map<String, Object> logging = map(functionProperties(definition).get("LoggingConfig"));
        String logGroupId = (String) map(logging.get("LogGroup")).get("Ref");
        Map<String, Object> logGroup = properties(resources("AWS::Logs::LogGroup").get(logGroupId));
        assertEquals(30, ((Number) logGroup.get("RetentionInDays")).intValue());
    }

    @ParameterizedTest
    @EnumSource(LambdaFunction.class)
    void environmentNamesTheStacksResources(LambdaFunction definition) {
        Map<String, Object> variables = map(map(functionProperties(definition).get("Environment")).get("Variables"));
        for (String name : List.of(Env.TABLE_NAME, Env.EVENT_BUS_NAME, Env.WEBHOOK_QUEUE_URL,
                Env.PUBLIC_BASE_URL, Env.ALLOW_PRIVATE_WEBHOOK_URLS)) {
            assertTrue(variables.containsKey(name), name);
        }
        assertEquals("false", variables.get(Env.ALLOW_PRIVATE_WEBHOOK_URLS));
        // The link-signing key is generated at run time and kept in the table: never in the template.
        assertFalse(variables.containsKey(Env.LINK_SIGNING_SECRET));
        assertFalse(variables.containsKey("PURSER_LINK_SIGNING_SECRET_ARN"));
    }

    @Test
    void bootstrapHasNoTrigger() {
        String functionId = logicalId(stack().function(LambdaFunction.BOOTSTRAP).function());
        String aliasId = logicalId(stack().function(LambdaFunction.BOOTSTRAP).alias());
        // Operators invoke it with `aws lambda invoke`: no permission, mapping, rule or route reaches it.
        for (String type : List.of("AWS::Lambda::Permission", "AWS::Lambda::EventSourceMapping",
                "AWS::Events::Rule", "AWS::ApiGatewayV2::Integration")) {
            String json = resources(type).toString();
            assertFalse(json.contains(functionId) || json.contains(aliasId), type + " must not reach Bootstrap");
        }
        assertTrue(resources("AWS::Lambda::Alias").toString().contains(functionId), "sanity: ids resolve");
    }

    private static Map<String, Object> functionProperties(LambdaFunction definition) {
        return properties(resources("AWS::Lambda::Function").get(logicalId(stack().function(definition).function())));
    }
}
