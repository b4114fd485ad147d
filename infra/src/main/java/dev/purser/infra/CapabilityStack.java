package dev.purser.infra;

import dev.purser.http.LambdaFunction;
import java.util.Locale;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.NestedStackProps;
import software.constructs.Construct;

/**
 * The nested stack of one capability: every function whose handler lives in one package (a
 * capability is a package), with what belongs to each function alone: role and policy, log
 * group, version and {@code live} alias, its API integration and invoke permission, its
 * schedule or event source, its error and throttle alarms.
 *
 * <p>Why nested stacks: CloudFormation refuses a stack of more than 500 resources, and each
 * function costs about ten. The root stack keeps what is shared or stateful (the table, the bus,
 * the queues, the API with its routes, the console, the alarm topic), so a new function adds one
 * resource per route to the root and about ten to its capability's stack (docs/deploy.md,
 * "Resource budget"). The grouping comes from {@link LambdaFunction#handlerClass()}, so a new
 * function needs no edit here.
 */
public final class CapabilityStack extends NestedStack {

    /** Suffix of a capability's construct id in the root stack: {@code AgentStack}, {@code OwnerStack}. */
    static final String SUFFIX = "Stack";

    public CapabilityStack(Construct scope, String capability) {
        super(scope, capability + SUFFIX, NestedStackProps.builder()
                .description("Purser " + capability + " functions")
                .build());
    }

    /**
     * The capability of a function: the last package segment of its handler class, capitalised
     * ({@code dev.purser.functions.agent.X402Handler} is {@code Agent}, {@code dev.purser.mcp.McpFunction}
     * is {@code Mcp}, the fallback in {@code dev.purser.functions} is {@code Functions}).
     */
    public static String capabilityOf(LambdaFunction function) {
        String handler = function.handlerClass();
        String pkg = handler.substring(0, handler.lastIndexOf('.'));
        String segment = pkg.substring(pkg.lastIndexOf('.') + 1);
        return segment.substring(0, 1).toUpperCase(Locale.ROOT) + segment.substring(1);
    }
}
