package dev.purser.testing;

import dev.purser.config.AwsClients;
import dev.purser.config.Env;
import dev.purser.store.DynamoTables;
import dev.purser.store.TableDefinition;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The engines of this test JVM: started once, on first use, and shared by every test class.
 * Tests isolate themselves through unique ids (fresh accounts and agents), not by restarting
 * engines. One table and one webhook queue serve the whole JVM.
 */
public final class LocalAws {
    public static final String TABLE = "purser-test";

    private static volatile LocalAws instance;

    private final EmbeddedEngines engines;
    private final Env env;
    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final String webhookQueueUrl;

    private LocalAws(EmbeddedEngines engines) {
        this.engines = engines;
        Env base = Env.system()
                .with("AWS_ENDPOINT_URL_DYNAMODB", engines.dynamoEndpoint())
                .with("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", engines.dynamoEndpoint())
                .with("AWS_ENDPOINT_URL_SQS", engines.sqsEndpoint())
                .with("AWS_REGION", "us-east-1")
                .with("aws.accessKeyId", "local")
                .with("aws.secretAccessKey", "local")
                .with(Env.TABLE_NAME, TABLE);
        AwsClients clients = new AwsClients(base);
        this.dynamo = clients.dynamo();
        this.sqs = clients.sqs();
        DynamoTables.createIfMissing(dynamo, TABLE, TableDefinition.PURSER);
        this.webhookQueueUrl = sqs.createQueue(b -> b.queueName("purser-webhooks-" + UUID.randomUUID())).queueUrl();
        this.env = base.with(Env.WEBHOOK_QUEUE_URL, webhookQueueUrl)
                .with(Env.ALLOW_PRIVATE_WEBHOOK_URLS, "true")
                .with(Env.LINK_SIGNING_SECRET, "test-link-secret")
                .with(Env.PUBLIC_BASE_URL, "http://127.0.0.1:0")
                .with("PURSER_SANDBOX", "true");
    }

    /** The shared instance, starting the engines on first call. */
    public static LocalAws get() {
        LocalAws local = instance;
        if (local == null) {
            synchronized (LocalAws.class) {
                local = instance;
                if (local == null) {
                    EmbeddedEngines engines = EmbeddedEngines.start(null);
                    Runtime.getRuntime().addShutdownHook(new Thread(engines::close, "embedded-engines-stop"));
                    instance = local = new LocalAws(engines);
                }
            }
        }
        return local;
    }

    /** Configuration pointing every client at the embedded engines. */
    public Env env() { return env; }

    public DynamoDbClient dynamo() { return dynamo; }

    public SqsClient sqs() { return sqs; }

    public String webhookQueueUrl() { return webhookQueueUrl; }

    public EmbeddedEngines engines() { return engines; }

    /** Clients with extra interceptors (for example a round-trip counter). */
    public AwsClients clients(ExecutionInterceptor... interceptors) {
        return new AwsClients(env, interceptors);
    }
}
