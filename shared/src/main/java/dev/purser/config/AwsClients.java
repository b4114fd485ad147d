package dev.purser.config;

import dev.purser.observe.ObservationInterceptor;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK clients, once per container. Endpoints follow the SDK's own convention:
 * {@code AWS_ENDPOINT_URL_<SERVICE>} beats {@code AWS_ENDPOINT_URL} (also readable as system
 * properties, see {@link Env}), so the same code runs against DynamoDB Local, ElasticMQ,
 * LocalStack or AWS. Without an override the SDK resolves the regional endpoint.
 */
public final class AwsClients {
    private static final RenewableHttpClient HTTP = new RenewableHttpClient(() -> UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(10))
            .build());

    /**
     * The longest a DynamoDB call may take, its retries included: under API Gateway's 30 s
     * integration limit, so a stuck call becomes our 503 with Retry-After, not the gateway's.
     */
    static final Duration STORAGE_CALL_TIMEOUT = Duration.ofSeconds(25);

    /** The HTTP client every SDK client of this JVM shares (renewed after a SnapStart restore). */
    public static RenewableHttpClient http() {
        return HTTP;
    }

    private final Env env;
    private final ExecutionInterceptor[] interceptors;

    public AwsClients(Env env, ExecutionInterceptor... interceptors) {
        this.env = env;
        this.interceptors = interceptors;
    }

    public DynamoDbClient dynamo() {
        return configure(DynamoDbClient.builder(), "DYNAMODB").httpClient(HTTP).build();
    }

    /**
     * A DynamoDB client configured like {@link #dynamo()} over another HTTP client and with other
     * credentials: SnapStart priming rehearses whole decisions on one that answers in process
     * (functions' priming), signed with keys that are nobody's.
     */
    public DynamoDbClient dynamo(SdkHttpClient http, AwsCredentialsProvider credentials) {
        return configure(DynamoDbClient.builder(), "DYNAMODB").httpClient(http).credentialsProvider(credentials).build();
    }

    public DynamoDbStreamsClient dynamoStreams() {
        return configure(DynamoDbStreamsClient.builder(), "DYNAMODB_STREAMS").httpClient(HTTP).build();
    }

    public SqsClient sqs() {
        return configure(SqsClient.builder(), "SQS").httpClient(HTTP).build();
    }

    public EventBridgeClient eventBridge() {
        return configure(EventBridgeClient.builder(), "EVENTBRIDGE").httpClient(HTTP).build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service) {
        endpoint(service).ifPresent(uri -> builder.endpointOverride(URI.create(uri)));
        builder.region(Region.of(env.get("AWS_REGION").or(() -> env.get("AWS_DEFAULT_REGION")).orElse("us-east-1")));
        var accessKey = env.get("aws.accessKeyId");
        if (accessKey.isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(accessKey.get(), env.get("aws.secretAccessKey", "local"))));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        // Every client reports its round trips and cancelled transactions to the invocation's Observation.
        var override = ClientOverrideConfiguration.builder().addExecutionInterceptor(new ObservationInterceptor());
        // A storage call, retries included, ends within a bounded time; the HTTP edge answers one that
        // did not 503 with Retry-After (StorageBusy), instead of a 500 tens of seconds later.
        if (service.startsWith("DYNAMODB")) override.apiCallTimeout(STORAGE_CALL_TIMEOUT);
        for (ExecutionInterceptor i : interceptors) override.addExecutionInterceptor(i);
        builder.overrideConfiguration(override.build());
        return builder;
    }

    private Optional<String> endpoint(String service) {
        return env.get("AWS_ENDPOINT_URL_" + service).or(() -> env.get("AWS_ENDPOINT_URL"));
    }
}
