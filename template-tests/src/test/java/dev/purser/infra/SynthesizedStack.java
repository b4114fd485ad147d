package dev.purser.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import dev.purser.http.LambdaFunction;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * The stack, synthesized once per test JVM (synthesis starts a jsii Node process and stages the
 * functions jar: seconds, not milliseconds). No credentials, no network: the stack is
 * environment-agnostic and makes no lookups.
 */
final class SynthesizedStack {

    private static PurserStack stack;
    private static Template template;

    private SynthesizedStack() {}

    static synchronized PurserStack stack() {
        if (stack == null) {
            App app = App.Builder.create().context(cdkJsonContext()).build();
            stack = new PurserStack(app, PurserApp.STACK_NAME, StackProps.builder().build(), FunctionsJar.locate());
            template = Template.fromStack(stack);
        }
        return stack;
    }

    /**
     * The {@code context} of the root cdk.json (feature flags): the CLI passes it to the app, so
     * the tests pass it too, or they would check a template {@code cdk synth} does not produce.
     */
    private static Map<String, Object> cdkJsonContext() {
        Path cdkJson = FunctionsJar.repositoryRoot(Path.of("")).resolve(FunctionsJar.ROOT_MARKER);
        try {
            Map<String, Object> settings = new ObjectMapper().readValue(cdkJson.toFile(), new TypeReference<>() {});
            return settings.containsKey("context") ? map(settings.get("context")) : Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + cdkJson, e);
        }
    }

    static Template template() {
        stack();
        return template;
    }

    /** Resources of one CloudFormation type, by logical id. */
    static Map<String, Map<String, Object>> resources(String type) {
        return template().findResources(type);
    }

    static Map<String, Object> outputs() {
        return map(template().toJSON().get("Outputs"));
    }

    /** Logical id of an L2 construct's CloudFormation resource. */
    static String logicalId(IConstruct construct) {
        return stack().getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    static Map<String, Object> properties(Map<String, Object> resource) {
        return map(resource.get("Properties"));
    }

    /** {@code {"Ref": id}}. */
    static Map<String, Object> ref(String logicalId) {
        return Map.of("Ref", logicalId);
    }

    /** {@code {"Fn::GetAtt": [id, attribute]}}. */
    static Map<String, Object> getAtt(String logicalId, String attribute) {
        return Map.of("Fn::GetAtt", List.of(logicalId, attribute));
    }

    /** Every IAM action granted to a function's role, by any policy attached to it. */
    static Set<String> actionsOf(LambdaFunction definition) {
        Map<String, Object> function = properties(resources("AWS::Lambda::Function")
                .get(logicalId(stack().function(definition).function())));
        String roleId = (String) list(map(function.get("Role")).get("Fn::GetAtt")).get(0);
        Set<String> actions = new TreeSet<>();
        resources("AWS::IAM::Policy").values().stream().map(SynthesizedStack::properties)
                .filter(p -> list(p.get("Roles")).contains(ref(roleId)))
                .forEach(p -> list(map(p.get("PolicyDocument")).get("Statement")).forEach(st -> {
                    Object a = map(st).get("Action");
                    if (a instanceof String one) actions.add(one);
                    else list(a).forEach(x -> actions.add((String) x));
                }));
        return actions;
    }
}
