package dev.purser.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.purser.auth.Secrets;
import dev.purser.config.AwsClients;
import dev.purser.config.Env;
import dev.purser.config.Purser;
import dev.purser.functions.Handlers;
import dev.purser.functions.InProcessApi;
import dev.purser.functions.observe.Observability;
import dev.purser.http.LambdaFunction;
import dev.purser.ledger.LedgerConfig;
import dev.purser.mcp.McpFunction;
import dev.purser.store.DynamoTables;
import dev.purser.store.TableDefinition;
import dev.purser.testing.EmbeddedEngines;
import java.nio.file.Files;
import java.time.Clock;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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
        // DynamoDB Local's Log4j would otherwise warn at Ctrl-C that it cannot add its own hook.
        System.setProperty("log4j.shutdownHookEnabled", "false");
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

    /**
     * Starts everything; used by main and by tests. The HTTP front starts last, so whoever sees
     * {@code /health} answer can already use the demo account.
     */
    static PurserLocal start(Options options) throws Exception {
        Path dataDir = options.inMemory() ? null : DataDir.ensure(options.dataDir().toAbsolutePath());
        EmbeddedEngines engines = EmbeddedEngines.start(dataDir == null ? null : DataDir.ensure(dataDir.resolve("dynamodb")));
        configure(engines, dataDir, options.port());
        // Webhook targets: the same guard as on AWS unless local development asks for loopback receivers.
        System.setProperty(Env.ALLOW_LOOPBACK_WEBHOOK_URLS, Boolean.toString(options.allowLoopbackWebhooks()));
        Env env = Env.system();
        AwsClients clients = new AwsClients(env);
        // The handlers call DynamoDB Local in process (no JSON, no socket, no Jetty: docs/benchmarks.md),
        // through the same durable handler its HTTP endpoint serves; AWS_ENDPOINT_URL_DYNAMODB still
        // names that endpoint for anything built from the environment.
        DynamoDbClient dynamo = engines.inProcessDynamo();
        DynamoTables.createIfMissing(dynamo, TABLE, TableDefinition.PURSER);
        String queueUrl = clients.sqs().createQueue(b -> b.queueName("purser-webhooks").attributesWithStrings(
                Map.of("VisibilityTimeout", Integer.toString(QueuePoller.VISIBILITY_TIMEOUT_SECONDS)))).queueUrl();
        System.setProperty(Env.WEBHOOK_QUEUE_URL, queueUrl);

        Purser purser = new Purser(env, Clock.systemUTC(), dynamo);
        // Idle, the timers below would write a line every 10 s: runs that found nothing log at DEBUG.
        Observability.quietIdleRuns(true);
        // POST /mcp's function is built from the mcp module's jar; here it joins the other handlers.
        Handlers handlers = new Handlers(purser).with(LambdaFunction.MCP, new McpFunction(purser));
        Demo.Credentials demo = Demo.ensure(purser, dataDir);
        OperatorCredential.Credential operator = OperatorCredential.ensure(purser, dataDir);
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
        // The settlement schedule (every minute on AWS): every 10 s here, so a sandbox payment on a
        // rail walks pending → submitted → settling → completed within half a minute.
        RequestHandler<ScheduledEvent, String> settlement = handlers.get(LambdaFunction.SETTLEMENT);
        timers.scheduleWithFixedDelay(() -> invokeQuietly(() -> settlement.handleRequest(new ScheduledEvent(), null)),
                10, 10, TimeUnit.SECONDS);
        // The x402 payment-token scan (every minute on AWS): every 10 s here, so an expired token or
        // a breached SLA is released/refunded within seconds of being due.
        RequestHandler<ScheduledEvent, String> tokenScan = handlers.get(LambdaFunction.X402_TOKEN_SCAN);
        timers.scheduleWithFixedDelay(() -> invokeQuietly(() -> tokenScan.handleRequest(new ScheduledEvent(), null)),
                10, 10, TimeUnit.SECONDS);
        // The stack's event sources: the table's stream → relay, the webhook queue → dispatcher.
        QueuePoller queue = new QueuePoller(clients.sqs(), queueUrl, handlers.get(LambdaFunction.WEBHOOK_DISPATCH));
        StreamPoller stream = new StreamPoller(engines.inProcessStreams(), dynamo, TABLE,
                handlers.get(LambdaFunction.OUTBOX_RELAY),
                dataDir == null ? null : dataDir.resolve("outbox-relay-position.properties"),
                queue::handledEverythingSentBefore);
        // What SQS would keep for us: retries whose message the in-memory queue lost in a restart.
        DeliveryResume resume = new DeliveryResume(dynamo, TABLE, handlers.get(LambdaFunction.OUTBOX_RELAY),
                Clock.systemUTC());
        ScheduledExecutorService pollers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "purser-event-sources");
            t.setDaemon(true);
            return t;
        });
        pollers.scheduleWithFixedDelay(() -> invokeQuietly(stream::pollOnce), 0, 250, TimeUnit.MILLISECONDS);
        pollers.scheduleWithFixedDelay(() -> invokeQuietly(() -> queue.pollOnce(1)), 0, 50, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(() -> invokeQuietly(resume::resumeDue), 0, 30, TimeUnit.SECONDS);
        PurserLocal local = new PurserLocal(engines, front, timers, pollers, demo);
        local.operator = operator;
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
        // The local runtime is a sandbox: test-faucet funding and the sandbox settlement rails.
        System.setProperty(LedgerConfig.SANDBOX, "true");
        System.setProperty(Env.PUBLIC_BASE_URL, "http://localhost:" + port);
        System.setProperty(Env.LINK_SIGNING_SECRET, linkSecret(dataDir));
    }

    /** A random signing secret per data directory (kept there, so links survive restarts). */
    private static String linkSecret(Path dataDir) throws Exception {
        if (dataDir == null) return HexFormat.of().formatHex(Secrets.randomBytes(32));
        Path file = dataDir.resolve("link-signing-secret");
        if (Files.exists(file)) return DataDir.readSecret(file).strip();
        String secret = HexFormat.of().formatHex(Secrets.randomBytes(32));
        DataDir.writeSecret(file, secret);
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

    /** {@link #startInMemory()} delivering webhooks to loopback receivers ({@code --allow-loopback-webhooks}). */
    public static PurserLocal startInMemoryWithLoopbackWebhooks() throws Exception {
        return start(new Options(0, null, true, false, true));
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

    /** The demo agent's token printed at start, for callers outside this package (bench, examples). */
    public String demoAgentToken() {
        return demo.agentToken();
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
        System.out.println("  console:   " + base + "/   (open it in a browser; sign in with the owner key below)");
        System.out.println("  listening on " + EmbeddedEngines.listenAddress() + " only (HTTP front, DynamoDB Local, ElasticMQ)");
        System.out.println("  heap:      at most " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                + " MB (java -Xmx256m as in the README; -Xmx512m for more)");
        System.out.println("  health:    curl " + base + "/health");
        System.out.println("  Agent API: " + agentApi + "   (LETAGENTPAY_BASE_URL)");
        System.out.println("  MCP:       " + base + "/api/v1   (LETAGENTPAY_API_URL)");
        System.out.println("  Purser MCP: " + base + "/mcp   (streamable HTTP, Bearer <token>; or stdio: PURSER_URL="
                + base + " PURSER_TOKEN=<token> java -jar mcp/target/purser-mcp.jar)");
        System.out.println("  AI tools:  " + base + "/ai/tools?format=openai|anthropic|gemini|langchain|autogen");
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
        // Stop taking calls first, then the background work. Interrupting a poll in flight loses
        // nothing: an unfinished relay or dispatch is redone at the next start (positions and
        // deliveries are only recorded once done), so stopping is quick (< 2 s).
        front.close();
        timers.shutdownNow();
        pollers.shutdownNow();
        try {
            pollers.awaitTermination(1, TimeUnit.SECONDS);
            timers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        engines.close();
    }
}
