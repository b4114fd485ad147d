package dev.purser.infra;

import dev.purser.http.LambdaFunction;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One Lambda function of {@link LambdaFunction}: its own role, its own log group, the function,
 * and the {@value #ALIAS_NAME} alias that every trigger (API, schedule, stream, queue) targets.
 *
 * <p>Sizing (memory and timeout come from {@link LambdaFunction}, the single definition):
 * <ul>
 *   <li>1024 MB for Java handlers: Lambda allots CPU in proportion to memory (1769 MB = 1 vCPU),
 *       and a JVM handler doing JSON, SigV4 and TLS is CPU-bound on a warm path of a few
 *       DynamoDB calls; below 1 GB the GB-seconds saved are eaten by longer durations.</li>
 *   <li>10 s for API handlers: a few DynamoDB round trips plus SDK retries, well under the HTTP
 *       API's 30 s integration timeout, so a stuck call fails as a Lambda error the API maps,
 *       not as a gateway 503.</li>
 *   <li>60 s for batch handlers (sweep, outbox relay, webhook dispatch): a batch of stream
 *       records or several outbound HTTP deliveries with their own connect/read timeouts.</li>
 *   <li>30 s for bootstrap: one-off, operator-invoked, a handful of writes.</li>
 *   <li>512 MB / 5 s for the fallback: it only renders static JSON errors and /health.</li>
 * </ul>
 *
 * <p>SnapStart restores published versions from a snapshot taken after init, which removes the
 * JVM cold start; it applies to versions only, hence the alias. Tracing is off unless the
 * {@code purser:tracing} context flag turns it on ({@link Observability}).
 */
public final class PurserFunction extends Construct {

    public static final String ALIAS_NAME = "live";
    static final RetentionDays LOG_RETENTION = RetentionDays.ONE_MONTH;

    private final LambdaFunction definition;
    private final Function function;
    private final Alias alias;

    public PurserFunction(Construct scope, LambdaFunction definition, Code code,
                          Map<String, String> environment, List<PolicyStatement> grants) {
        super(scope, definition.id());
        this.definition = definition;

        // Created here, not by Lambda on first write, so it has a retention and belongs to the stack.
        LogGroup logGroup = LogGroup.Builder.create(this, "Logs").retention(LOG_RETENTION).build();

        // Our own role instead of CDK's default: the default attaches AWSLambdaBasicExecutionRole,
        // which allows writing to every log group in the account.
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Purser " + definition.id() + ": only what AccessTable grants it")
                .build();
        role.addToPolicy(AccessPolicy.allow(
                List.of("logs:CreateLogStream", "logs:PutLogEvents"), List.of(logGroup.getLogGroupArn())));
        grants.forEach(role::addToPolicy);

        function = Function.Builder.create(this, "Function")
                .description("Purser " + definition.id())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(definition.handlerClass())
                .code(code)
                .memorySize(definition.memoryMb())
                .timeout(Duration.seconds(definition.timeoutSeconds()))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .logGroup(logGroup)
                .role(role)
                .environment(environment)
                .build();

        alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .build();
        Nag.suppress(function, "AwsSolutions-L1",
                "java21 with SnapStart is the measured runtime (docs/cold-start.md); a runtime upgrade is a benchmarked change");
        Nag.suppress(function, "Serverless-LambdaLatestVersion", "as AwsSolutions-L1: java21 is chosen, not left behind");
        Nag.suppress(function, "Serverless-LambdaTracing",
                "X-Ray is opt-in (context purser:tracing=true, Observability): traces cost money, metrics and alarms cover the common questions");
        Nag.suppress(function, "Serverless-LambdaDLQ", "HTTP callers see errors synchronously; schedules are superseded by the next "
                + "minute's run; the relay and dispatcher have their own DLQs (on-failure destination, queue redrive)");
        // CDK warns that SnapStart needs published versions; currentVersion publishes one per change.
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "the live alias points at currentVersion, a published version");
    }

    public LambdaFunction definition() { return definition; }

    public Function function() { return function; }

    /** What triggers invoke: the published, SnapStart-restored version. */
    public Alias alias() { return alias; }
}
