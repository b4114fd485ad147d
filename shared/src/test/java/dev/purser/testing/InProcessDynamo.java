package dev.purser.testing;

import dev.purser.observe.Observation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.dynamodb.services.exceptions.DynamoDBLocalServiceException;
import software.amazon.dynamodb.services.local.embedded.DDBExceptionMappingInvocationHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;

/**
 * SDK clients that call DynamoDB Local's request handler in process: the same handler (and the
 * same database, the same durable transactions) that its HTTP server answers from, without the
 * JSON, the HTTP client, the socket and Jetty in between. This is what DynamoDB Local's own
 * {@code DynamoDBEmbedded} does; we build it on <em>our</em> handler so that a transaction is
 * answered only after its COMMIT has run ({@link EmbeddedEngines}'s durable handler), and so that
 * the HTTP endpoint the tests and the benchmark use sees the same data.
 *
 * <p>Each call counts one round trip (and a cancelled transaction) into the thread's
 * {@link Observation}, as the SDK's {@code ObservationInterceptor} does for calls over HTTP, so the
 * runtime's request lines and metrics read the same. Errors come back as the SDK's exceptions
 * (DynamoDB Local's own mapping): a {@code ConditionalCheckFailedException}, a
 * {@code TransactionCanceledException} with its reasons, and so on.
 */
final class InProcessDynamo implements InvocationHandler {
    private static final String ACCESS_KEY = "local";
    private static final String REGION = "us-east-1";

    private final LocalDynamoDBRequestHandler handler;
    private final Map<Method, Method> targets = new ConcurrentHashMap<>();

    private InProcessDynamo(LocalDynamoDBRequestHandler handler) {
        this.handler = handler;
    }

    static DynamoDbClient dynamo(LocalDynamoDBRequestHandler handler) {
        return proxy(DynamoDbClient.class, handler);
    }

    static DynamoDbStreamsClient streams(LocalDynamoDBRequestHandler handler) {
        return proxy(DynamoDbStreamsClient.class, handler);
    }

    private static <T> T proxy(Class<T> api, LocalDynamoDBRequestHandler handler) {
        return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, new InProcessDynamo(handler)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) return objectMethod(proxy, method, args);
        switch (method.getName()) {
            case "close" -> {
                return null;
            }
            case "serviceName" -> {
                return "dynamodb-in-process";
            }
            case "waiter" -> {
                return DynamoDbWaiter.builder().client((DynamoDbClient) proxy).build();
            }
            default -> { }
        }
        // The SDK's convenience overloads (a Consumer of a builder) are default methods that build
        // the request and call the plain method: let them, so every call lands below once.
        if (method.isDefault() && (args == null || args.length != 1 || !isRequest(method.getParameterTypes()[0]))) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        Method target = targets.computeIfAbsent(method, this::target);
        Observation.current().roundTrip();
        try {
            return target.invoke(handler, ACCESS_KEY, REGION, args[0]);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DynamoDBLocalServiceException local) {
                try {
                    DDBExceptionMappingInvocationHandler.handleDynamoDBLocalServiceException(local);
                } catch (TransactionCanceledException cancelled) {
                    Observation.current().cancelledTransaction();
                    throw cancelled;
                }
            }
            throw cause;
        }
    }

    private static boolean isRequest(Class<?> type) {
        return type.getName().endsWith("Request") && type.getName().startsWith("software.amazon.awssdk.services.dynamodb.model.");
    }

    private Method target(Method method) {
        try {
            return handler.getClass().getMethod(method.getName(), String.class, String.class, method.getParameterTypes()[0]);
        } catch (NoSuchMethodException e) {
            throw new UnsupportedOperationException("DynamoDB Local has no in-process " + method.getName(), e);
        }
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "InProcessDynamo";
        };
    }
}
