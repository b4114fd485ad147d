package dev.purser.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * The real engines Purser runs on locally: Amazon's DynamoDB Local (in-process Jetty server) and
 * ElasticMQ (an SQS-compatible server), each on a loopback port. Used by the test harness and by
 * the local runtime, so both exercise exactly the same components.
 */
public final class EmbeddedEngines implements AutoCloseable {
    private final DynamoDBProxyServer dynamo;
    private final SQSRestServer sqs;
    private final int dynamoPort;
    private final int sqsPort;

    private EmbeddedEngines(DynamoDBProxyServer dynamo, int dynamoPort, SQSRestServer sqs, int sqsPort) {
        this.dynamo = dynamo;
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
            int dynamoPort = freePort();
            List<String> args = new ArrayList<>(List.of("-port", Integer.toString(dynamoPort), "-sharedDb"));
            if (dataDir == null) {
                args.add("-inMemory");
            } else {
                Files.createDirectories(dataDir);
                args.addAll(List.of("-dbPath", dataDir.toAbsolutePath().toString()));
            }
            DynamoDBProxyServer dynamo = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            dynamo.start();
            SQSRestServer sqs = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
            int sqsPort = sqs.waitUntilStarted().localAddress().getPort();
            return new EmbeddedEngines(dynamo, dynamoPort, sqs, sqsPort);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded engines", e);
        }
    }

    public String dynamoEndpoint() {
        return "http://127.0.0.1:" + dynamoPort;
    }

    public String sqsEndpoint() {
        return "http://127.0.0.1:" + sqsPort;
    }

    @Override
    public void close() {
        try {
            sqs.stopAndWait();
        } finally {
            try {
                dynamo.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
