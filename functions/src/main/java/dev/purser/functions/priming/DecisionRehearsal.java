package dev.purser.functions.priming;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.purser.agentapi.CreateRequestApi;
import dev.purser.auth.Secrets;
import dev.purser.config.AwsClients;
import dev.purser.config.Purser;
import dev.purser.functions.apigateway.ApiGateway;
import dev.purser.http.Endpoints;
import dev.purser.json.Json;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Whole decisions, start to finish, on a stage: {@code POST /requests} events of the priming
 * identity through the same API Gateway translation, authentication, reader, policy engine,
 * commit and rendering a real decision runs, over a real SDK client whose HTTP client is a
 * {@link CannedDynamo}. Each outcome (auto-approved, pending, rejected) answers 201, along both
 * of the reader's paths (a container's first call of a token, then the warm one).
 *
 * <p>Why a stage and not the real table: the cancelled commits of {@link Priming} load what a
 * decision runs up to its transaction, but a real decision's first success — the token found,
 * its hint kept, the commit's success, the created request's view and 201 — would otherwise
 * run for the first time on a restored container's first customer call (measured: most of the
 * gap between that call and a warm one). The stage lets it succeed without a write: nothing
 * leaves the process, and the stage, its SDK client and its {@link Purser} (with its caches)
 * are garbage once the rehearsal returns; the container's own {@link Purser} is never used.
 */
final class DecisionRehearsal {
    /** The amounts that reach each outcome under {@link PrimingItems#POLICY}. */
    static final Map<String, String> OUTCOMES = Map.of(
            "12.50", "auto_approved", "120.00", "pending", "400.00", "rejected");

    /**
     * The stage's time, {@link PrimingItems#NOW}, whatever the container's: nothing the stage
     * decides is stored, so its clock needs to be nobody's, and on it every outcome answers the
     * same on any day.
     */
    static final Clock STAGE_CLOCK = Clock.fixed(PrimingItems.NOW, ZoneOffset.UTC);

    /**
     * The stage's credentials: requests are signed as usual (that code is primed too), with keys
     * that are nobody's, so the stage neither fetches nor holds the function's own credentials.
     */
    static final AwsCredentialsProvider STAGE_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("PRIMING", "PRIMING"));

    private DecisionRehearsal() {}

    /**
     * Runs {@code rounds} decisions of each outcome on a fresh stage configured like the
     * container's ({@code container}'s environment; its own clock and credentials); returns the
     * statuses answered in the last round. Throws when a decision does not answer as it must: priming that quietly
     * stopped rehearsing would be a regression nobody sees.
     */
    static List<String> run(Purser container, int rounds) {
        CannedDynamo stage = new CannedDynamo(List.of(PrimingItems.agent(), PrimingItems.account(), PrimingItems.token()));
        try (DynamoDbClient dynamo = new AwsClients(container.env()).dynamo(stage, STAGE_CREDENTIALS)) {
            Purser purser = new Purser(container.env(), STAGE_CLOCK, dynamo);
            CreateRequestApi api = new CreateRequestApi(purser);
            String tokenHash = Secrets.sha256Hex(PrimingItems.TOKEN);
            List<String> statuses = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                statuses.clear();
                // Every other round as a container's first call of the token (its lookup, then the batch).
                if (round % 2 == 0) purser.reader().forget(tokenHash);
                for (Map.Entry<String, String> outcome : OUTCOMES.entrySet()) {
                    APIGatewayV2HTTPResponse answer = ApiGateway.response(Endpoints.handle(
                            ApiGateway.request(event(outcome.getKey(), round)), api::create, purser.throttles()));
                    String status = answer.getStatusCode() == 201
                            ? Json.parseTrusted(answer.getBody()).path("status").asText() : null;
                    if (!outcome.getValue().equals(status)) {
                        throw new IllegalStateException("priming rehearsal of " + outcome.getValue() + " answered "
                                + answer.getStatusCode() + " " + answer.getBody());
                    }
                    statuses.add(status);
                }
            }
            if (stage.calls() == 0) throw new IllegalStateException("the rehearsal never reached its stage");
            return statuses;
        }
    }

    /** A decision's event as API Gateway sends it; every other round carries an Idempotency-Key. */
    private static APIGatewayV2HTTPEvent event(String amount, int round) {
        Map<String, String> headers = round % 2 == 0
                ? Map.of("authorization", "Bearer " + PrimingItems.TOKEN, "content-type", "application/json")
                : Map.of("authorization", "Bearer " + PrimingItems.TOKEN, "content-type", "application/json",
                        "idempotency-key", "priming-" + round + "-" + amount);
        return PrimingItems.decisionEvent(headers, "{\"amount\": " + amount + ", \"currency\": \"USD\", \"category\": \"software\","
                + " \"merchant_name\": \"shop.example.com\", \"description\": \"priming rehearsal\"}");
    }
}
