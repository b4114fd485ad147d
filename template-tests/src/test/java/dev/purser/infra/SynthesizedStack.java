package dev.purser.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import dev.purser.http.LambdaFunction;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.ServerlessChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
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
    /** Every resource of the root and the nested stacks, cross-stack references resolved (see {@link #flatten}). */
    private static Map<String, Map<String, Object>> flatResources;
    private static Map<String, Template> nestedTemplates;

    private SynthesizedStack() {}

    static synchronized PurserStack stack() {
        if (stack == null) {
            App app = App.Builder.create().context(cdkJsonContext()).build();
            // cdk-nag's packs run as aspects during synthesis; CdkNagTemplateTest reads their findings.
            Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
            Aspects.of(app).add(ServerlessChecks.Builder.create().verbose(true).build());
            stack = new PurserStack(app, PurserApp.STACK_NAME, StackProps.builder().build(), FunctionsJar.locate());
            template = Template.fromStack(stack);
            nestedTemplates = new TreeMap<>();
            stack.capabilities().forEach((name, nested) -> nestedTemplates.put(name, Template.fromStack(nested)));
            flatResources = flatten();
        }
        return stack;
    }

    /** The root stack's template alone (outputs, the table, the API and its routes). */
    static Template rootTemplate() {
        return template();
    }

    /** Each capability's nested stack template, by capability. */
    static Map<String, Template> nestedTemplates() {
        stack();
        return nestedTemplates;
    }

    /**
     * The app as if it were one template: the resources of the root and of every nested stack
     * (logical ids are unique across them: a nested resource's id starts with its function's), with
     * a nested stack's parameters replaced by the values the root passes and the root's
     * {@code Fn::GetAtt [nested, Outputs.X]} replaced by the nested output's value. Assertions
     * written before the split into nested stacks ("the integration invokes Ref(alias)") hold as
     * they were.
     */
    private static Map<String, Map<String, Object>> flatten() {
        Map<String, Object> root = template.toJSON();
        Map<String, Map<String, Object>> rootResources = typed(root.get("Resources"));
        Map<String, Object> outputsByNested = new HashMap<>();
        Map<String, Map<String, Object>> all = new LinkedHashMap<>();
        stack.capabilities().forEach((capability, nested) -> {
            String nestedId = stack.getLogicalId(nested.getNestedStackResource());
            Object parameters = properties(rootResources.get(nestedId)).get("Parameters");
            Map<String, Object> json = nestedTemplates.get(capability).toJSON();
            Map<String, Object> resolved = map(substitute(json, parameters == null ? Map.of() : map(parameters), Map.of()));
            outputsByNested.put(nestedId, resolved.getOrDefault("Outputs", Map.of()));
            typed(resolved.get("Resources")).forEach((id, r) -> put(all, id, r));
        });
        typed(substitute(rootResources, Map.of(), outputsByNested)).forEach((id, r) -> put(all, id, r));
        return all;
    }

    private static void put(Map<String, Map<String, Object>> all, String id, Map<String, Object> resource) {
        if (all.put(id, resource) != null) throw new IllegalStateException("logical id in two stacks: " + id);
    }

    /** Replaces {@code Ref parameter} and {@code Fn::GetAtt [nested, Outputs.X]} everywhere in a JSON tree. */
    private static Object substitute(Object node, Map<String, Object> parameters, Map<String, Object> nestedOutputs) {
        if (node instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.get("Ref") instanceof String p && parameters.containsKey(p)) return parameters.get(p);
            if (m.size() == 1 && m.get("Fn::GetAtt") instanceof List<?> att && nestedOutputs.containsKey(att.get(0))
                    && String.valueOf(att.get(1)).startsWith("Outputs.")) {
                Object output = map(nestedOutputs.get(att.get(0))).get(String.valueOf(att.get(1)).substring("Outputs.".length()));
                return map(output).get("Value");
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put((String) k, substitute(v, parameters, nestedOutputs)));
            return copy;
        }
        if (node instanceof List<?> l) return l.stream().map(v -> substitute(v, parameters, nestedOutputs)).toList();
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> typed(Object value) {
        return (Map<String, Map<String, Object>>) value;
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

    /** Resources of one CloudFormation type in the root and the nested stacks, by logical id. */
    static Map<String, Map<String, Object>> resources(String type) {
        stack();
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        flatResources.forEach((id, r) -> {
            if (type.equals(r.get("Type"))) found.put(id, r);
        });
        return found;
    }

    static Map<String, Object> outputs() {
        return map(template().toJSON().get("Outputs"));
    }

    /** Logical id of an L2 construct's CloudFormation resource, in whichever stack holds it. */
    static String logicalId(IConstruct construct) {
        stack();
        CfnElement element = (CfnElement) construct.getNode().getDefaultChild();
        return Stack.of(element).getLogicalId(element);
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
