package dev.purser.infra;

import dev.purser.config.Env;
import dev.purser.http.LambdaFunction;
import dev.purser.store.TableDefinition;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.EventSourceMappingOptions;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * Purser on AWS: HTTP API → Java Lambdas → one DynamoDB table; the table's stream → outbox relay
 * → EventBridge bus → webhook queue → webhook dispatcher; a one-minute schedule → expiry sweep.
 *
 * <p>No credential is created here: the first account and owner key come from invoking the
 * Bootstrap function ({@code aws lambda invoke --function-name <BootstrapFunctionName>
 * --qualifier live ...}), which has no trigger.
 */
public final class PurserStack extends Stack {

    /**
     * Optional context value: the public base URL used in links sent to owners (a custom domain in
     * front of the API). Without it, links use the API's own endpoint.
     */
    public static final String PUBLIC_BASE_URL_CONTEXT = "purser:publicBaseUrl";

    /** Outbox relay: up to 100 stream records per invocation; a poison record is isolated by bisection. */
    static final int OUTBOX_BATCH_SIZE = 100;
    /** Bounded, so one bad record cannot stall the shard for the stream's whole 24 h retention. */
    static final int OUTBOX_RETRY_ATTEMPTS = 10;
    /**
     * Webhook dispatcher: deliveries per invocation. Small, because each is an outbound HTTP call
     * with its own timeout and the batch must finish within the function's 60 s.
     */
    static final int WEBHOOK_BATCH_SIZE = 5;

    private final Map<LambdaFunction, PurserFunction> functions = new EnumMap<>(LambdaFunction.class);
    private final ConsoleDistribution console;
    private final Map<String, CapabilityStack> capabilities;

    public PurserStack(Construct scope, String id, StackProps props, Path functionsJar) {
        super(scope, id, props);

        Table table = TableFromDefinition.create(this, "Table", TableDefinition.PURSER);
        // Bus named after the stack ("purser" for the default stack), so a second stack in the
        // same account and region (e.g. staging) gets its own bus.
        WebhookDelivery delivery = new WebhookDelivery(this, "Events", id.toLowerCase(Locale.ROOT));
        // No Secrets Manager secret for the action-link HMAC key: the functions generate it once
        // and keep it in the table (CONFIG#LINK_SIGNING_KEY). It guards approve/reject of requests
        // that live in that same table, so whoever can read the key can already change them: same
        // trust boundary, and no extra service call (or cost) on cold start.
        // Stream batches the relay could not publish after its retries: their metadata, for replay.
        Queue outboxRelayDeadLetters = Queues.deadLetterQueue(this, "OutboxRelayDlq");
        Nag.suppress(outboxRelayDeadLetters, "AwsSolutions-SQS3", "it is a DLQ: the outbox relay's on-failure destination");

        PurserHttpApi httpApi = new PurserHttpApi(this, "Http", id);
        String publicBaseUrl = publicBaseUrl(httpApi.endpoint());

        AccessPolicy accessPolicy = new AccessPolicy(TableDefinition.PURSER, table, delivery.bus(),
                delivery.webhookQueue());
        Map<String, CapabilityStack> capabilities = new TreeMap<>();
        Map<String, Code> codes = new HashMap<>();
        for (LambdaFunction definition : LambdaFunction.values()) {
            String capability = CapabilityStack.capabilityOf(definition);
            CapabilityStack stack = capabilities.computeIfAbsent(capability, c -> new CapabilityStack(this, c));
            // One Code per nested stack: an asset belongs to the stack it is bound in (same file, one upload).
            Code code = codes.computeIfAbsent(capability + "/" + definition.artifact(), k -> Code.fromAsset(
                    definition.artifact() == LambdaFunction.Artifact.FUNCTIONS ? functionsJar.toString()
                            : FunctionsJar.locate(functionsJar, definition.artifact()).toString()));
            functions.put(definition, new PurserFunction(stack, definition, code,
                    environment(definition, table, delivery, publicBaseUrl), accessPolicy.statements(AccessTable.of(definition))));
        }
        this.capabilities = Map.copyOf(capabilities);

        httpApi.routeTo(functions);
        console = new ConsoleDistribution(this, "Console", httpApi.api(), ConsoleDistribution.assetsDirectory());
        everyMinute(LambdaFunction.EXPIRY_SWEEP, "Expires pending requests that are due, every minute");
        // Each run moves every due settlement one step; a missed run is made up by the next.
        everyMinute(LambdaFunction.SETTLEMENT, "Moves payments and payouts with a rail one settlement step, every minute");
        everyMinute(LambdaFunction.X402_TOKEN_SCAN,
                "Releases expired x402 payment tokens and refunds calls past their SLA window, every minute");
        relayOutbox(table, outboxRelayDeadLetters);
        dispatchWebhooks(delivery.webhookQueue());

        Alarms alarms = new Alarms(this, "Alarms");
        alarms.onDeadLetters("WebhookDlq", delivery.webhookDeadLetters());
        alarms.onDeadLetters("EventsDlq", delivery.undeliveredEvents());
        alarms.onDeadLetters("OutboxRelayDlq", outboxRelayDeadLetters);
        functions.values().forEach(alarms::onFunction);
        new Observability(this, "Observability", functions, httpApi.api(), alarms.topic());

        output("ApiUrl", httpApi.endpoint(), "Base URL of the HTTP API");
        output("LetAgentPayBaseUrl", httpApi.endpoint() + "/api/v1/agent-api",
                "Agent API base URL for LetAgentPay-compatible clients");
        output("LetAgentPayApiUrl", httpApi.endpoint() + "/api/v1", "LetAgentPay API URL");
        output("TableName", table.getTableName(), "DynamoDB table");
        output("EventBusName", delivery.bus().getEventBusName(), "EventBridge bus of Purser domain events");
        output("BootstrapFunctionName", functions.get(LambdaFunction.BOOTSTRAP).function().getFunctionName(),
                "Invoke once (qualifier live) to create the first account and owner key");
        output("AlarmTopicArn", alarms.topic().getTopicArn(), "Subscribe to receive Purser alarms");
    }

    public ConsoleDistribution console() {
        return console;
    }

    /** The nested stacks, by capability ({@link CapabilityStack#capabilityOf}). */
    public Map<String, CapabilityStack> capabilities() {
        return capabilities;
    }

    public PurserFunction function(LambdaFunction definition) {
        return functions.get(definition);
    }

    /** What every function is told: where the stack's resources are, and its deployment settings. */
    private Map<String, String> environment(LambdaFunction definition, Table table, WebhookDelivery delivery,
                                            String publicBaseUrl) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(Env.TABLE_NAME, table.getTableName());
        environment.put(Env.EVENT_BUS_NAME, delivery.bus().getEventBusName());
        environment.put(Env.WEBHOOK_QUEUE_URL, delivery.webhookQueue().getQueueUrl());
        environment.put(Env.PUBLIC_BASE_URL, publicBaseUrl);
        // Webhook targets must be public addresses in the cloud (no SSRF into the VPC or IMDS).
        environment.put(Env.ALLOW_PRIVATE_WEBHOOK_URLS, "false");
        environment.putAll(Observability.environment());
        // Sandbox mode (test-faucet funding, the sandbox settlement connector): off unless the
        // deployment asks for it with the context purser:sandbox=true.
        environment.put(dev.purser.ledger.LedgerConfig.SANDBOX, sandbox() ? "true" : "false");
        if (definition == LambdaFunction.DISPUTES) {
            // How long after completion a payment may be disputed (docs/disputes.md).
            environment.put(dev.purser.disputes.Disputes.WINDOW_DAYS_ENV, disputeWindowDays());
        }
        return environment;
    }

    private String publicBaseUrl(String apiEndpoint) {
        Object configured = getNode().tryGetContext(PUBLIC_BASE_URL_CONTEXT);
        return configured instanceof String url && !url.isBlank() ? url : apiEndpoint;
    }

    /**
     * A one-minute schedule on a job's alias, in the job's own stack. A failed or late run is
     * superseded by the next minute's: no retries, no stale runs piling up behind a slow one.
     */
    private void everyMinute(LambdaFunction job, String description) {
        PurserFunction function = functions.get(job);
        function.alias().configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .retryAttempts(0)
                .maxEventAge(Duration.minutes(1))
                .build());
        Rule rule = Rule.Builder.create(function, "Schedule")
                .description(description)
                .schedule(Schedule.rate(Duration.minutes(1)))
                .targets(List.of(new software.amazon.awscdk.services.events.targets.LambdaFunction(
                        function.alias(), LambdaFunctionProps.builder().retryAttempts(0).build())))
                .build();
        Nag.suppress(rule, "Serverless-EventBusDLQ", "a one-minute schedule: a missed run is superseded by the next, nothing to redrive");
        Nag.suppress(function.alias(), "Serverless-LambdaAsyncFailureDestination",
                "a one-minute schedule (retries 0, max age 1 min): a failed run is redone by the next; errors alarm");
    }

    /** Context key: {@code purser:sandbox=true} deploys a sandbox (faucet funding, sandbox rails). */
    public static final String SANDBOX_CONTEXT = "purser:sandbox";

    /** Context key: {@code purser:disputeWindowDays=N} (default 30) sets the dispute window. */
    public static final String DISPUTE_WINDOW_CONTEXT = "purser:disputeWindowDays";

    private String disputeWindowDays() {
        Object v = getNode().tryGetContext(DISPUTE_WINDOW_CONTEXT);
        String days = v == null ? "30" : v.toString();
        dev.purser.disputes.Disputes.windowFrom(days); // refuse a bad value at synth, not at the first dispute
        return days;
    }

    private boolean sandbox() {
        Object v = getNode().tryGetContext(SANDBOX_CONTEXT);
        return v != null && Boolean.parseBoolean(v.toString());
    }

    private void relayOutbox(Table table, Queue deadLetters) {
        // TRIM_HORIZON: when the mapping is (re)created, outbox records already in the stream are
        // relayed rather than skipped; the relay is idempotent (event ids), so replays are safe.
        functions.get(LambdaFunction.OUTBOX_RELAY).alias().addEventSourceMapping("TableStream",
                EventSourceMappingOptions.builder()
                        .eventSourceArn(table.getTableStreamArn())
                        .startingPosition(StartingPosition.TRIM_HORIZON)
                        .batchSize(OUTBOX_BATCH_SIZE)
                        .bisectBatchOnError(true)
                        .retryAttempts(OUTBOX_RETRY_ATTEMPTS)
                        .reportBatchItemFailures(true)
                        .onFailure(new SqsDlq(deadLetters))
                        .build());
    }

    private void dispatchWebhooks(Queue webhookQueue) {
        // reportBatchItemFailures: the dispatcher returns the deliveries to retry (after setting
        // their backoff as visibility timeout); the others are deleted.
        functions.get(LambdaFunction.WEBHOOK_DISPATCH).alias().addEventSourceMapping("WebhookQueue",
                EventSourceMappingOptions.builder()
                        .eventSourceArn(webhookQueue.getQueueArn())
                        .batchSize(WEBHOOK_BATCH_SIZE)
                        .reportBatchItemFailures(true)
                        .build());
        Nag.suppress(functions.get(LambdaFunction.WEBHOOK_DISPATCH).alias(), "Serverless-LambdaEventSourceMappingDestination",
                "the webhook queue's redrive policy moves an exhausted delivery to the webhook DLQ (alarmed)");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }
}
