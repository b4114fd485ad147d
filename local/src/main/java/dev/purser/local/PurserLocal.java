package dev.purser.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.purser.auth.Secrets;
import dev.purser.config.AwsClients;
import dev.purser.config.Env;
import dev.purser.config.Purser;
import dev.purser.functions.Handlers;
import dev.purser.functions.InProcessApi;
import dev.purser.http.LambdaFunction;
import dev.purser.store.DynamoTables;
import dev.purser.store.TableDefinition;
import dev.purser.testing.EmbeddedEngines;
import java.nio.file.Files;
import java.time.Clock;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Purser on one machine: DynamoDB Local and ElasticMQ in-process, the same handler classes the
 * stack deploys behind an HTTP front that plays API Gateway, and timers that play the stack's
 * EventBridge schedules. Never deployed.
 */
public final class PurserLocal implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PurserLocal.class.getName());
    static final String TABLE = "purser";

    private final EmbeddedEngines engines;
    private final HttpFront front;
    private final ScheduledExecutorService timers;
    private final ScheduledExecutorService pollers;
    private final Demo.Credentials demo;
    private OperatorCredential.Credential operator;

    private PurserLocal(EmbeddedEngines engines, HttpFront front, ScheduledExecutorService timers,
                        ScheduledExecutorService pollers, Demo.Credentials demo) {
        this.engines = engines;
        this.front = front;
        this.timers = timers;
        this.pollers = pollers;
        this.demo = demo;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(Options.USAGE);
            return;
        }
        PurserLocal local = start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Purser…");
            local.close();
            stopped.countDown();
        }, "purser-stop"));
        local.printWelcome();
        stopped.await();
    }

    /** Starts everything; used by main and by tests. */
    static PurserLocal start(Options options) throws Exception {
        Path dataDir = options.inMemory() ? null : options.dataDir().toAbsolutePath();
        EmbeddedEngines engines = EmbeddedEngines.start(dataDir == null ? null : dataDir.resolve("dynamodb"));
        configure(engines, dataDir, options.port());
        Env env = Env.system();
        AwsClients clients = new AwsClients(env);
        DynamoTables.createIfMissing(clients.dynamo(), TABLE, TableDefinition.PURSER);
        String queueUrl = clients.sqs().createQueue(b -> b.queueName("purser-webhooks")).queueUrl();
        System.setProperty(Env.WEBHOOK_QUEUE_URL, queueUrl);

        Purser purser = new Purser(env, Clock.systemUTC(), clients.dynamo());
        Handlers handlers = new Handlers(purser);
        HttpFront front = HttpFront.start("127.0.0.1", options.port(), new InProcessApi(handlers));
        if (options.port() == 0) System.setProperty(Env.PUBLIC_BASE_URL, "http://localhost:" + front.port());
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "purser-schedules");
            t.setDaemon(true);
            return t;
        });
        // The stack's EventBridge schedule: the expiry sweep every minute.
        RequestHandler<ScheduledEvent, String> sweep = handlers.get(LambdaFunction.EXPIRY_SWEEP);
        timers.scheduleWithFixedDelay(() -> invokeQuietly(() -> sweep.handleRequest(new ScheduledEvent(), null)),
                60, 60, TimeUnit.SECONDS);
        // The stack's event sources: the table's stream → relay, the webhook queue → dispatcher.
        StreamPoller stream = new StreamPoller(clients.dynamoStreams(), clients.dynamo(), TABLE,
                handlers.get(LambdaFunction.OUTBOX_RELAY),
                dataDir == null ? null : dataDir.resolve("outbox-relay-position.properties"));
        QueuePoller queue = new QueuePoller(clients.sqs(), queueUrl, handlers.get(LambdaFunction.WEBHOOK_DISPATCH));
        ScheduledExecutorService pollers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "purser-event-sources");
            t.setDaemon(true);
            return t;
        });
        pollers.scheduleWithFixedDelay(() -> invokeQuietly(stream::pollOnce), 0, 250, TimeUnit.MILLISECONDS);
        pollers.scheduleWithFixedDelay(() -> invokeQuietly(() -> queue.pollOnce(1)), 0, 50, TimeUnit.MILLISECONDS);
        Demo.Credentials demo = Demo.ensure(purser, dataDir);
        PurserLocal local = new PurserLocal(engines, front, timers, pollers, demo);
        local.operator = OperatorCredential.ensure(purser, dataDir);
        return local;
    }

    /** Every AWS client and handler reads these; set before any handler class initialises. */
    private static void configure(EmbeddedEngines engines, Path dataDir, int port) throws Exception {
        System.setProperty("AWS_ENDPOINT_URL_DYNAMODB", engines.dynamoEndpoint());
        System.setProperty("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", engines.dynamoEndpoint());
        System.setProperty("AWS_ENDPOINT_URL_SQS", engines.sqsEndpoint());
        System.setProperty("AWS_REGION", "us-east-1");
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        System.setProperty(Env.TABLE_NAME, TABLE);
        System.setProperty(Env.ALLOW_PRIVATE_WEBHOOK_URLS, "true");
        System.setProperty(Env.PUBLIC_BASE_URL, "http://localhost:" + port);
        System.setProperty(Env.LINK_SIGNING_SECRET, linkSecret(dataDir));
    }

    /** A random signing secret per data directory (kept there, so links survive restarts). */
    private static String linkSecret(Path dataDir) throws Exception {
        if (dataDir == null) return HexFormat.of().formatHex(Secrets.randomBytes(32));
        Path file = dataDir.resolve("link-signing-secret");
        if (Files.exists(file)) return Files.readString(file).strip();
        Files.createDirectories(dataDir);
        String secret = HexFormat.of().formatHex(Secrets.randomBytes(32));
        Files.writeString(file, secret);
        return secret;
    }

    private static void invokeQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "scheduled handler failed", e);
        }
    }

    /**
     * An in-memory runtime on a free port, for callers in the same JVM (the benchmark's end-to-end
     * section). It sets the same system properties {@link #main} does.
     */
    public static PurserLocal startInMemory() throws Exception {
        return start(new Options(0, null, true, false));
    }

    public int port() {
        return front.port();
    }

    /** The HTTP front, for example {@code http://127.0.0.1:54321}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The DynamoDB Local behind this runtime (its table is {@link #tableName()}). */
    public String dynamoEndpoint() {
        return engines.dynamoEndpoint();
    }

    public static String tableName() {
        return TABLE;
    }

    public Demo.Credentials demo() {
        return demo;
    }

    /** The operator key printed at start (docs/operator.md). */
    public String operatorKey() {
        return operator.operatorKey();
    }

    void printWelcome() {
        String base = "http://localhost:" + port();
        String agentApi = base + "/api/v1/agent-api";
        System.out.println();
        System.out.println("Purser is running at " + base);
        System.out.println("  health:    curl " + base + "/health");
        System.out.println("  Agent API: " + agentApi + "   (LETAGENTPAY_BASE_URL)");
        System.out.println("  MCP:       " + base + "/api/v1   (LETAGENTPAY_API_URL)");
        System.out.println();
        System.out.println(demo.created() ? "Created the demo account:" : "Demo account (from this data directory):");
        System.out.println("  account:   " + demo.accountId());
        System.out.println("  owner key: " + demo.ownerKey());
        System.out.println("  agent:     " + demo.agentId());
        System.out.println("  token:     " + demo.agentToken());
        System.out.println("Operator key (deployment-wide; /v1/operator, e.g. block an account):");
        System.out.println("  operator:  " + operator.operatorKey());
        System.out.println();
        System.out.println("Try it (the demo policy auto-approves up to 50, refuses over 200 per request):");
        System.out.println("  export LETAGENTPAY_TOKEN=" + demo.agentToken());
        String post = "  curl -s -X POST " + agentApi + "/requests -H \"Authorization: Bearer $LETAGENTPAY_TOKEN\""
                + " -H 'Content-Type: application/json' -d ";
        System.out.println(post + "'{\"amount\": 25, \"category\": \"groceries\"}'    # auto_approved");
        System.out.println(post + "'{\"amount\": 120, \"category\": \"groceries\"}'   # pending");
        System.out.println(post + "'{\"amount\": 300, \"category\": \"groceries\"}'   # rejected");
        System.out.println("  curl -s " + agentApi + "/requests -H \"Authorization: Bearer $LETAGENTPAY_TOKEN\"");
        System.out.println("  curl -s " + agentApi + "/budget -H \"Authorization: Bearer $LETAGENTPAY_TOKEN\"");
        System.out.println();
        System.out.println("Press Ctrl-C to stop.");
    }

    @Override
    public void close() {
        timers.shutdownNow();
        // Let a poll in flight finish (the queue's long poll is 1 s) before the engines stop.
        pollers.shutdown();
        try {
            if (!pollers.awaitTermination(5, TimeUnit.SECONDS)) pollers.shutdownNow();
        } catch (InterruptedException e) {
            pollers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        front.close();
        engines.close();
    }
}
