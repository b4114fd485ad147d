package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.config.Env;
import dev.purser.http.LambdaFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Permissions proven sufficient (docs/deploy.md): the shared, functions and mcp test suites record
 * every AWS call each handler makes against DynamoDB Local and ElasticMQ
 * ({@code dev.purser.testing.AwsCallRecorder}, files {@code <module>/target/aws-calls/*.tsv}); each
 * recorded call must be allowed by its function's synthesized IAM policy (action and resource ARN).
 * Grants no recorded call uses are listed, not failed: candidates for tightening (or grants Lambda
 * itself uses with the function's role: the event source mappings' stream and queue reads).
 */
class RecordedCallsTemplateTest {

    /** One recorded call of one function: an IAM action on a resource (kind: table, index, stream, queue, bus). */
    record Call(LambdaFunction function, String action, String kind, String name, String qualifier) {
        @Override
        public String toString() {
            return function + " " + action + " on " + kind + " " + name + (qualifier.isEmpty() ? "" : "/" + qualifier);
        }
    }

    /** One Allow statement's action and resource, as patterns over canonical ARNs ({@code ${Id.Attr}}). */
    record Grant(String action, String resource) {}

    @Test
    void everyRecordedCallIsGrantedByItsFunctionsRole() {
        List<Call> calls = recordings();
        if (calls.isEmpty()) {
            System.err.println("""
                    ############################################################################
                    # SKIPPED: no recorded AWS calls (*/target/aws-calls/*.tsv). The shared,     #
                    # functions and mcp test suites record them; run them first (mvn verify).    #
                    ############################################################################""");
            Assumptions.abort("no recorded AWS calls: run the shared/functions/mcp tests first");
        }
        System.out.println("recorded calls: " + calls.size() + " distinct, from "
                + calls.stream().map(Call::function).distinct().count() + " functions");
        assertEquals(List.of(), violations(calls), "AWS calls the handlers make that their roles do not grant");
        unusedGrants(calls).forEach(g -> System.out.println("grant no recorded call uses: " + g));
        for (LambdaFunction f : LambdaFunction.values()) {
            if (calls.stream().noneMatch(c -> c.function() == f)) System.out.println("no recorded calls: " + f);
        }
    }

    @Test
    void aCallTheRoleDoesNotGrantIsAViolation() {
        // The test of the test: the fallback may only write its logs, so a planted GetItem fails.
        Call planted = new Call(LambdaFunction.FALLBACK, "dynamodb:GetItem", "table", "purser-test", "");
        assertEquals(List.of(planted + ": not granted"), violations(List.of(planted)));
        Call granted = new Call(LambdaFunction.CREATE_REQUEST, "dynamodb:Query", "index", "purser-test", "gsi1");
        assertEquals(List.of(), violations(List.of(granted)));
        Call deleteByReads = new Call(LambdaFunction.REQUEST_READS, "dynamodb:DeleteItem", "table", "purser-test", "");
        assertEquals(1, violations(List.of(deleteByReads)).size());
        Call unknown = new Call(LambdaFunction.CREATE_REQUEST, "s3:GetObject", "unknown", "*", "");
        assertTrue(violations(List.of(unknown)).get(0).contains("no resource of the stack"));
    }

    static List<String> violations(List<Call> calls) {
        List<String> violations = new ArrayList<>();
        for (Call call : calls) {
            String resource = expectedResource(call);
            if (resource == null) {
                violations.add(call + ": no resource of the stack matches; teach RecordedCallsTemplateTest its ARN");
            } else if (grants(call.function()).stream().noneMatch(g -> matches(g.action(), call.action())
                    && matches(g.resource(), resource))) {
                violations.add(call + ": not granted");
            }
        }
        return violations;
    }

    static Set<String> unusedGrants(List<Call> calls) {
        Set<String> unused = new TreeSet<>();
        for (LambdaFunction f : LambdaFunction.values()) {
            List<Call> own = calls.stream().filter(c -> c.function() == f).toList();
            for (Grant g : grants(f)) {
                // The Lambda runtime writes the logs, not the handler's SDK clients.
                if (g.action().startsWith("logs:")) continue;
                boolean used = own.stream().anyMatch(c -> matches(g.action(), c.action())
                        && expectedResource(c) != null && matches(g.resource(), expectedResource(c)));
                if (!used) unused.add(f + " " + g.action() + " on " + g.resource());
            }
        }
        return unused;
    }

    /** The canonical ARN of what a call touched, from the function's environment (TABLE_NAME, ...). */
    private static String expectedResource(Call call) {
        return switch (call.kind()) {
            case "table" -> "${" + envRef(call.function(), Env.TABLE_NAME) + ".Arn}";
            case "index" -> "${" + envRef(call.function(), Env.TABLE_NAME) + ".Arn}/index/" + call.qualifier();
            case "stream" -> "${" + envRef(call.function(), Env.TABLE_NAME) + ".StreamArn}";
            case "queue" -> "${" + envRef(call.function(), Env.WEBHOOK_QUEUE_URL) + ".Arn}";
            case "bus" -> "${" + envRef(call.function(), Env.EVENT_BUS_NAME) + ".Arn}";
            default -> null;
        };
    }

    /** The logical id an environment variable of the function refers to ({@code {"Ref": id}}). */
    private static String envRef(LambdaFunction f, String variable) {
        Map<String, Object> variables = map(map(functionProperties(f).get("Environment")).get("Variables"));
        return (String) map(variables.get(variable)).get("Ref");
    }

    private static Map<String, Object> functionProperties(LambdaFunction f) {
        return properties(resources("AWS::Lambda::Function").get(logicalId(stack().function(f).function())));
    }

    /** Every (action, resource) the function's role allows, resources in canonical form. */
    static List<Grant> grants(LambdaFunction f) {
        String roleId = (String) list(map(functionProperties(f).get("Role")).get("Fn::GetAtt")).get(0);
        List<Grant> grants = new ArrayList<>();
        resources("AWS::IAM::Policy").values().stream().map(SynthesizedStack::properties)
                .filter(p -> list(p.get("Roles")).contains(ref(roleId)))
                .flatMap(p -> list(map(p.get("PolicyDocument")).get("Statement")).stream().map(SynthesizedStack::map))
                .filter(s -> "Allow".equals(s.get("Effect")))
                .forEach(s -> asList(s.get("Action")).forEach(a -> asList(s.get("Resource"))
                        .forEach(r -> grants.add(new Grant((String) a, canonical(r))))));
        return grants;
    }

    /** {@code Fn::GetAtt [id, attr]} → {@code ${id.attr}}, {@code Ref id} → {@code ${id}}, joins concatenated. */
    static String canonical(Object node) {
        if (node instanceof String s) return s;
        Map<String, Object> m = map(node);
        if (m.get("Fn::GetAtt") instanceof List<?> att) return "${" + att.get(0) + "." + att.get(1) + "}";
        if (m.get("Ref") instanceof String id) return "${" + id + "}";
        if (m.get("Fn::Join") instanceof List<?> join) {
            StringBuilder b = new StringBuilder();
            List<Object> parts = list(join.get(1));
            for (int i = 0; i < parts.size(); i++) b.append(i == 0 ? "" : join.get(0)).append(canonical(parts.get(i)));
            return b.toString();
        }
        return m.toString();
    }

    /** IAM's glob: {@code *} matches any run of characters. */
    private static boolean matches(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (String piece : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) regex.append(".*");
            regex.append(Pattern.quote(piece));
        }
        return Pattern.matches(regex.toString(), value);
    }

    private static List<Object> asList(Object value) {
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of(value);
    }

    /** Every distinct recorded call of every module's test run. */
    static List<Call> recordings() {
        Path root = FunctionsJar.repositoryRoot(Path.of(""));
        Set<Call> calls = new java.util.LinkedHashSet<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path dir : modules.map(m -> m.resolve("target/aws-calls")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.filter(p -> p.toString().endsWith(".tsv")).toList()) {
                        for (String line : Files.readAllLines(file)) {
                            String[] f = line.split("\t", -1);
                            calls.add(new Call(LambdaFunction.valueOf(f[0]), f[1], f[2], f[3], f[4]));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read recorded AWS calls under " + root, e);
        }
        return new ArrayList<>(calls);
    }
}
