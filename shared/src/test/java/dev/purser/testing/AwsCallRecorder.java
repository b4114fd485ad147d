package dev.purser.testing;

import dev.purser.events.LocalBusPublisher;
import dev.purser.http.LambdaFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Records every AWS call a Lambda handler makes while the tests run it against DynamoDB Local and
 * ElasticMQ: which function, which IAM action, on which resource. The template tests check each
 * recorded call against that function's synthesized IAM policy (docs/deploy.md, "Permissions
 * proven sufficient"): a call the role does not grant fails the build.
 *
 * <p>Installed in every SDK client of a JVM that has this test-jar on its class path, as an
 * SDK global interceptor ({@code software/amazon/awssdk/global/handlers/execution.interceptors}),
 * so clients the code builds itself are covered too. A call is attributed to the function whose
 * handler is running: the one named by {@link #runAs} on this thread, else the outermost frame of a
 * {@link LambdaFunction#handlerClass()} on the stack (SDK clients are synchronous: interceptors run on
 * the calling thread). Calls outside any handler (test fixtures) are not recorded. It records only
 * when the system property {@value #ENABLED_PROPERTY} is {@code true}, as in every Surefire run.
 *
 * <p>Output: {@value #DIRECTORY}/calls-{pid}.tsv under the module's directory (Surefire's working
 * directory), one distinct call per line: {@code FUNCTION action kind name qualifier}, where kind is
 * {@code table}, {@code index} (qualifier: the index), {@code stream}, {@code queue} or {@code bus}.
 * Files of JVMs no longer running are earlier runs': the first recording of a JVM deletes them.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {
    public static final String DIRECTORY = "target/aws-calls";
    /**
     * On in Surefire runs only (the parent pom sets it): this test-jar is also on the class path of
     * the local runtime and the bench, which must neither pay for it nor write recordings.
     */
    public static final String ENABLED_PROPERTY = "purser.recordAwsCalls";
    private static final boolean ENABLED = Boolean.getBoolean(ENABLED_PROPERTY);

    /** The local stand-in for EventBridge (see {@link #beforeExecution}). */
    private static final String LOCAL_BUS_PUBLISHER = LocalBusPublisher.class.getName();
    private static final ThreadLocal<LambdaFunction> RUNNING = new ThreadLocal<>();
    private static final Map<String, LambdaFunction> BY_HANDLER = new HashMap<>();
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static Path file;

    static {
        for (LambdaFunction f : LambdaFunction.values()) BY_HANDLER.put(f.handlerClass(), f);
    }

    /** One recorded call: an IAM action on one resource. */
    public record Call(String action, String kind, String name, String qualifier) {}

    /** Runs {@code body} as an invocation of {@code function} (the in-process API Gateway knows it; the stack may not). */
    public static <T> T runAs(LambdaFunction function, Supplier<T> body) {
        LambdaFunction outer = RUNNING.get();
        if (outer != null) return body.get(); // the outermost invocation is the deployed function
        RUNNING.set(function);
        try {
            return body.get();
        } finally {
            RUNNING.remove();
        }
    }

    /** Every distinct call recorded by this JVM so far, as written to the file. */
    public static Set<String> recorded() {
        return Set.copyOf(SEEN);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!ENABLED) return;
        Optional<LambdaFunction> function = runningFunction();
        if (function.isEmpty()) return;
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        // Without a bus (tests, the local runtime) events go straight to the webhook queue through
        // LocalBusPublisher; deployed, the same publish is a PutEvents on the bus: record that.
        List<Call> calls = onStack(LOCAL_BUS_PUBLISHER) ? List.of(new Call("events:PutEvents", "bus", "local", null))
                : calls(service, operation, context.request());
        for (Call call : calls) {
            String line = String.join("\t", function.get().name(), call.action(), call.kind(), call.name(),
                    call.qualifier() == null ? "" : call.qualifier());
            if (SEEN.add(line)) write(line);
        }
    }

    private static boolean onStack(String className) {
        return WALKER.walk(frames -> frames.anyMatch(f -> f.getClassName().equals(className)));
    }

    private static Optional<LambdaFunction> runningFunction() {
        LambdaFunction explicit = RUNNING.get();
        if (explicit != null) return Optional.of(explicit);
        List<LambdaFunction> onStack = WALKER.walk(frames -> frames
                .map(f -> BY_HANDLER.get(f.getClassName()))
                .filter(f -> f != null)
                .toList());
        return onStack.isEmpty() ? Optional.empty() : Optional.of(onStack.get(onStack.size() - 1));
    }

    /** The IAM actions one SDK call needs, with their resources (transactions: one per item). */
    static List<Call> calls(String service, String operation, SdkRequest request) {
        List<Call> calls = new ArrayList<>();
        switch (service) {
            case "DynamoDb" -> dynamo(operation, request, calls);
            case "DynamoDbStreams" -> calls.add(new Call("dynamodb:" + operation, "stream",
                    field(request, "StreamArn").map(AwsCallRecorder::tableOfStream).orElse("*"), null));
            case "Sqs" -> calls.add(new Call("sqs:" + operation.replace("Batch", ""), "queue",
                    field(request, "QueueUrl").map(u -> u.substring(u.lastIndexOf('/') + 1))
                            .or(() -> field(request, "QueueName")).orElse("*"), null));
            case "EventBridge" -> {
                if (request instanceof PutEventsRequest put) {
                    for (PutEventsRequestEntry e : put.entries()) {
                        calls.add(new Call("events:PutEvents", "bus", e.eventBusName() == null ? "default" : e.eventBusName(), null));
                    }
                } else {
                    calls.add(new Call("events:" + operation, "bus", field(request, "Name").orElse("*"), null));
                }
            }
            default -> calls.add(new Call(service.toLowerCase() + ":" + operation, "unknown", "*", null));
        }
        return calls;
    }

    private static void dynamo(String operation, SdkRequest request, List<Call> calls) {
        if (request instanceof TransactWriteItemsRequest tx) {
            for (TransactWriteItem item : tx.transactItems()) {
                if (item.put() != null) calls.add(table("dynamodb:PutItem", item.put().tableName()));
                if (item.update() != null) calls.add(table("dynamodb:UpdateItem", item.update().tableName()));
                if (item.delete() != null) calls.add(table("dynamodb:DeleteItem", item.delete().tableName()));
                if (item.conditionCheck() != null) {
                    calls.add(table("dynamodb:ConditionCheckItem", item.conditionCheck().tableName()));
                }
            }
        } else if (request instanceof TransactGetItemsRequest tx) {
            tx.transactItems().forEach(item -> calls.add(table("dynamodb:GetItem", item.get().tableName())));
        } else if (request instanceof BatchGetItemRequest batch) {
            batch.requestItems().keySet().forEach(t -> calls.add(table("dynamodb:BatchGetItem", t)));
        } else if (request instanceof BatchWriteItemRequest batch) {
            batch.requestItems().keySet().forEach(t -> calls.add(table("dynamodb:BatchWriteItem", t)));
        } else {
            String tableName = field(request, "TableName").orElse("*");
            Optional<String> index = field(request, "IndexName");
            calls.add(index.isPresent()
                    ? new Call("dynamodb:" + operation, "index", tableName, index.get())
                    : table("dynamodb:" + operation, tableName));
        }
    }

    private static Call table(String action, String name) {
        return new Call(action, "table", name, null);
    }

    private static Optional<String> field(SdkRequest request, String name) {
        return request.getValueForField(name, String.class);
    }

    /** {@code arn:aws:dynamodb:region:account:table/NAME/stream/LABEL} → NAME. */
    private static String tableOfStream(String streamArn) {
        int start = streamArn.indexOf(":table/") + ":table/".length();
        int end = streamArn.indexOf("/stream/", start);
        return end < 0 ? streamArn.substring(start) : streamArn.substring(start, end);
    }

    private static synchronized void write(String line) {
        try {
            if (file == null) file = openFile();
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record an AWS call in " + file, e);
        }
    }

    private static Path openFile() throws IOException {
        Path dir = Path.of(DIRECTORY).toAbsolutePath();
        Files.createDirectories(dir);
        try (var old = Files.list(dir)) {
            for (Path p : old.toList()) {
                String n = p.getFileName().toString();
                if (!n.startsWith("calls-") || !n.endsWith(".tsv")) continue;
                long pid = Long.parseLong(n.substring("calls-".length(), n.length() - ".tsv".length()));
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                Files.deleteIfExists(p);
            }
        }
        return dir.resolve("calls-" + ProcessHandle.current().pid() + ".tsv");
    }
}
