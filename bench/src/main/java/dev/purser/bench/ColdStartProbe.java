package dev.purser.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.purser.functions.InProcessApi;
import dev.purser.functions.agent.CreateRequestHandler;
import dev.purser.functions.priming.Priming;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs in a fresh JVM whose classpath is {@code purser-functions.jar} then this class alone: does
 * what a Lambda container does on its first invocation (construct the handler from configuration,
 * handle one API Gateway event) and prints the time since the JVM started. Uses nothing but the
 * functions jar and the JDK, so the measured classpath is the deployed one.
 *
 * <p>With {@code primed} as second argument it plays a SnapStart container instead: after the
 * constructor it runs the CRaC hooks the constructor registered, as the runtime does: {@code beforeCheckpoint}
 * (the priming: what the snapshot would hold) and then {@code afterRestore}, then
 * times the first decision and then {@value #WARM} warm ones, and prints both. Without it, it also
 * prints how the time splits between the handler's constructor (clients, wiring, logging set-up)
 * and the first request.
 */
public final class ColdStartProbe {
    static final int WARM = 30;

    private ColdStartProbe() {}

    public static void main(String[] args) {
        String token = args[0];
        boolean primed = args.length > 1 && "primed".equals(args[1]);
        long c0 = System.nanoTime();
        CreateRequestHandler handler = new CreateRequestHandler();
        long constructorNanos = System.nanoTime() - c0;
        if (primed) {
            // What the runtime does around a snapshot: every registered CRaC resource's
            // beforeCheckpoint (Purser's priming), then on restore its afterRestore (a fresh HTTP
            // client, so the first decision opens its connection as a restored container must).
            Priming.registered().beforeCheckpoint(null);
            Priming.registered().afterRestore(null);
        }
        // The event exists before the handler runs (Lambda's runtime builds it): built outside
        // the timed region, as every warm one below is.
        APIGatewayV2HTTPEvent first = event(token);
        long t0 = System.nanoTime();
        APIGatewayV2HTTPResponse response = handler.handleRequest(first, null);
        long firstNanos = System.nanoTime() - t0;
        long now = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        if (primed) {
            long[] warm = new long[WARM];
            for (int i = 0; i < WARM; i++) {
                APIGatewayV2HTTPEvent next = event(token);
                long s = System.nanoTime();
                handler.handleRequest(next, null);
                warm[i] = System.nanoTime() - s;
            }
            Arrays.sort(warm);
            System.out.println("PRIMED status=" + response.getStatusCode() + " first_us=" + firstNanos / 1000
                    + " warm_median_us=" + warm[WARM / 2] / 1000);
        } else {
            System.out.println("COLDSTART status=" + response.getStatusCode() + " since_jvm_start_ms=" + (now - jvmStart)
                    + " constructor_ms=" + constructorNanos / 1_000_000 + " first_request_ms=" + firstNanos / 1_000_000);
        }
        System.out.flush();
    }

    private static APIGatewayV2HTTPEvent event(String token) {
        return InProcessApi.event("POST", "/api/v1/agent-api/requests", null,
                Map.of("authorization", "Bearer " + token, "content-type", "application/json"),
                "{\"amount\": 1.00, \"category\": \"groceries\"}", "127.0.0.1");
    }
}
