package dev.purser.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@code cdk.json} at the repository root runs this class. The stack is
 * environment-agnostic (no account or region, no lookups), so synthesis needs no AWS credentials;
 * the account and region come from the CLI's profile at deploy time.
 */
public final class PurserApp {

    /** CloudFormation stack name; the event bus is named after it (lower case). */
    public static final String STACK_NAME = "Purser";

    private PurserApp() {}

    public static void main(String[] args) {
        App app = new App();
        new PurserStack(app, STACK_NAME, StackProps.builder()
                .description("Purser: self-hosted spend control for AI agents")
                .build(), FunctionsJar.locate());
        app.synth();
    }
}
