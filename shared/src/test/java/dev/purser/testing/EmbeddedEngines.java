package dev.purser.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/**
 * The real engines Purser runs on locally: Amazon's DynamoDB Local (its request handler behind a
 * Jetty server of ours) and ElasticMQ (an SQS-compatible server). Used by the test harness and by
 * the local runtime, so both exercise exactly the same components.
 *
 * <p>Both listen on 127.0.0.1 only. DynamoDB Local's own launcher ({@code ServerRunner}) builds a
 * Jetty server on all interfaces, without authentication; we build the server ourselves with a
 * loopback connector and hand it DynamoDB Local's handler.
 *
 * <p>Durability: DynamoDB Local keeps its data in SQLite under {@code dbPath}, and every operation
 * runs as a job on one SQLite thread. Single-item writes wait for their job; but
 * {@code TransactWriteItems} only <em>enqueues</em> its {@code COMMIT} and answers at once
 * ({@code SQLiteDBAccess.commitTransaction} does not wait for the job). A process killed in that
 * gap loses a transaction the client was told had succeeded. {@link DurableRequestHandler} closes
 * the gap: after a transaction it runs one more (read) job on the same FIFO queue and waits for it,
 * so the answer leaves only after SQLite has executed the {@code COMMIT} (SQLite's default
 * {@code synchronous=FULL} rollback journal then survives a crash of the process).
 */
public final class EmbeddedEngines implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";

    private final DynamoDBProxyServer dynamo;
    private final DurableRequestHandler requests;
    private final Server jetty;
    private final SQSRestServer sqs;
    private final int dynamoPort;
    private final int sqsPort;

    private EmbeddedEngines(DynamoDBProxyServer dynamo, DurableRequestHandler requests, Server jetty, int dynamoPort,
                            SQSRestServer sqs, int sqsPort) {
        this.dynamo = dynamo;
        this.requests = requests;
        this.jetty = jetty;
        this.dynamoPort = dynamoPort;
        this.sqs = sqs;
        this.sqsPort = sqsPort;
    }

    /**
     * Starts both engines on free loopback ports.
     *
     * @param dataDir where DynamoDB Local keeps its file, or null for in-memory
     */
    public static EmbeddedEngines start(Path dataDir) {
        try {
            if (dataDir != null) Files.createDirectories(dataDir);
            var requests = new DurableRequestHandler(dataDir == null, dataDir == null ? null : dataDir.toAbsolutePath().toString());
            var handler = new LocalDynamoDBServerHandler(requests, null);
            // Its constructor builds (but never starts) a Jetty server on all interfaces; we only
            // use it for its handler tree and for closing the database.
            DynamoDBProxyServer dynamo = new DynamoDBProxyServer(0, handler);
            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost(LOOPBACK);
            connector.setPort(0);
            jetty.addConnector(connector);
            jetty.setHandler(dynamo.setUpHandler(handler));
            jetty.start();
            int dynamoPort = connector.getLocalPort();
            SQSRestServer sqs = SQSRestServerBuilder.withInterface(LOOPBACK).withDynamicPort().start();
            int sqsPort = sqs.waitUntilStarted().localAddress().getPort();
            return new EmbeddedEngines(dynamo, requests, jetty, dynamoPort, sqs, sqsPort);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded engines", e);
        }
    }

    public String dynamoEndpoint() {
        return "http://" + LOOPBACK + ":" + dynamoPort;
    }

    /**
     * A DynamoDB client that calls the engine in process ({@link InProcessDynamo}): the same
     * database and durable transactions as {@link #dynamoEndpoint()}, without HTTP in between.
     */
    public DynamoDbClient inProcessDynamo() {
        return InProcessDynamo.dynamo(requests);
    }

    /** The table streams of {@link #inProcessDynamo()}, in process too. */
    public DynamoDbStreamsClient inProcessStreams() {
        return InProcessDynamo.streams(requests);
    }

    public String sqsEndpoint() {
        return "http://" + LOOPBACK + ":" + sqsPort;
    }

    /** The one address both engines listen on. */
    public static String listenAddress() {
        return LOOPBACK;
    }

    @Override
    public void close() {
        try {
            stopQueues();
        } finally {
            try {
                jetty.stop();
                dynamo.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Stops ElasticMQ, waiting a bounded time. {@code stopAndWait} waits up to a minute for the
     * actor system, which a long poll in flight (or a loaded machine) can hold that long; a stop
     * must stay quick (SIGTERM → exit within 2 s) and nothing durable lives in the queue server.
     */
    private void stopQueues() {
        try {
            scala.concurrent.Await.ready(sqs.stopAndGetFuture().apply(),
                    scala.concurrent.duration.Duration.create(5, java.util.concurrent.TimeUnit.SECONDS));
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            // Not stopped in time: its threads are left to the JVM's exit.
        }
    }

    /**
     * DynamoDB Local's request handler (one shared database, no telemetry), with transactions that
     * answer only once their COMMIT has run (see the class comment).
     */
    static final class DurableRequestHandler extends LocalDynamoDBRequestHandler {
        DurableRequestHandler(boolean inMemory, String dbPath) throws Exception {
            super(0, inMemory, dbPath, true, false);
        }

        @Override
        public TransactWriteItemsResponse transactWriteItems(String accessKey, String region, TransactWriteItemsRequest request) {
            try {
                return super.transactWriteItems(accessKey, region, request);
            } finally {
                awaitQueuedJobs(accessKey, region);
            }
        }

        @Override
        public ExecuteTransactionResponse executeTransaction(String accessKey, String region, ExecuteTransactionRequest request) {
            try {
                return super.executeTransaction(accessKey, region, request);
            } finally {
                awaitQueuedJobs(accessKey, region);
            }
        }

        /**
         * The SQLite queue is one thread, first in first out: a job enqueued now completes after
         * every job enqueued before it, including the transaction's COMMIT (or ROLLBACK).
         */
        private void awaitQueuedJobs(String accessKey, String region) {
            listTables(accessKey, region, ListTablesRequest.builder().limit(1).build());
        }
    }
}
