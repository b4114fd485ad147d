package dev.purser.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.purser.functions.InProcessApi;
import dev.purser.functions.agent.CreateRequestHandler;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Runs in a fresh JVM whose classpath is {@code purser-functions.jar} then this class alone: does
 * what a Lambda container does on its first invocation (construct the handler from configuration,
 * handle one API Gateway event) and prints the time since the JVM started. Uses nothing but the
 * functions jar and the JDK, so the measured classpath is the deployed one.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {}

    public static void main(String[] args) {
        String token = args[0];
        CreateRequestHandler handler = new CreateRequestHandler();
        var event = InProcessApi.event("POST", "/api/v1/agent-api/requests", null,
                Map.of("authorization", "Bearer " + token, "content-type", "application/json"),
                "{\"amount\": 1.00, \"category\": \"groceries\"}", "127.0.0.1");
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        long now = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("COLDSTART status=" + response.getStatusCode() + " since_jvm_start_ms=" + (now - jvmStart));
        System.out.flush();
    }
}
