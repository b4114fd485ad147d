package dev.purser.functions.priming;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.accounts.Account;
import dev.purser.accounts.Agent;
import dev.purser.agentapi.CreateBody;
import dev.purser.config.AwsClients;
import dev.purser.config.Purser;
import dev.purser.functions.apigateway.ApiGateway;
import dev.purser.functions.observe.Observability;
import dev.purser.http.ApiError;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpResponse;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.policy.AccountRule;
import dev.purser.policy.AgentStatus;
import dev.purser.policy.Decision;
import dev.purser.policy.Policy;
import dev.purser.policy.PolicyEngine;
import dev.purser.policy.PurchaseAttempt;
import dev.purser.policy.Snapshot;
import dev.purser.idempotency.Fingerprint;
import dev.purser.idempotency.IdempotencyKey;
import dev.purser.requests.CreateOutcome;
import dev.purser.requests.NewRequest;
import dev.purser.requests.RequestCreator;
import dev.purser.requests.RequestDecisions;
import dev.purser.store.TableDefinition;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * SnapStart priming, in one place for every function (docs/cold-start.md explains each step).
 *
 * <p>Lambda takes the snapshot after the handler's constructor ran; whatever the JVM has loaded,
 * linked, initialised and JIT-compiled by then is in it. A constructor alone loads little of the
 * decision path, so {@code beforeCheckpoint} runs the path on synthetic input: JSON, the API
 * Gateway translation and error rendering, the policy engine (all three outcomes), the SDK's
 * marshalling of exactly the calls a decision makes (GetItem, BatchGetItem, TransactWriteItems and
 * its cancellation) against the key {@code pk = sk = PRIMING} that no Purser item ever has, the
 * decision's commit on the priming identity (always cancelled), and finally whole decisions
 * rehearsed on an in-process stage ({@link DecisionRehearsal}), so that a real decision's
 * successful path has run too.
 *
 * <p>Nothing account-specific enters the snapshot: no token, key or account id is read, no
 * handler's per-container caches (auth hints, parsed policies) are touched — priming never calls a
 * handler, and the rehearsal's API object lives on its own {@link Purser} that is garbage once it
 * returns. {@code PrimingTest} proves it against a table holding real accounts.
 * {@code afterRestore} renews the HTTP client so a restored container opens fresh connections
 * instead of reusing sockets from before the snapshot.
 */
public final class Priming implements Resource {
    /** The partition key priming reads; no item ever has it (every Purser pk has a {@code TYPE#} prefix). */
    public static final String KEY = "PRIMING";

    /** Repetitions of the in-memory steps: enough for C1 to compile their hot methods. */
    static final int ROUNDS = 300;
    /** Repetitions of the DynamoDB calls: the SDK's pipeline is long; a few dozen calls get its hot path compiled. */
    static final int DYNAMO_ROUNDS = 25;
    /** Rounds of whole decisions on the stage ({@link DecisionRehearsal}), each outcome once a round. */
    static final int REHEARSALS = 200;

    static final String BODY = """
            {"amount": 12.50, "currency": "USD", "category": "software", "merchant_name": "shop.example.com",
             "description": "priming", "agent_comment": "priming"}""";

    // CRaC keeps only weak references to registered resources: this strong one keeps ours alive.
    private static volatile Priming registered;

    private final Purser purser;

    private Priming(Purser purser) {
        this.purser = purser;
    }

    /**
     * Registers the container's priming hooks (once per JVM) and hands {@code purser} back, so a
     * handler's no-argument constructor stays one line. Without SnapStart the hooks never run.
     * {@code purser} may be null for a function without storage (the fallback).
     */
    public static Purser register(Purser purser) {
        if (registered == null) {
            synchronized (Priming.class) {
                if (registered == null) {
                    Priming p = new Priming(purser);
                    Core.getGlobalContext().register(p);
                    registered = p;
                }
            }
        }
        return purser;
    }

    /**
     * The registered hooks, for the bench and tests to drive as the runtime would (CRaC's global
     * context can't be driven by hand on a JVM without CRaC).
     */
    public static Priming registered() {
        return registered;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime(purser);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        AwsClients.http().renew();
    }

    /** Runs every priming step; public for the bench's cold-start section and the tests. */
    public static void prime(Purser purser) {
        for (int i = 0; i < ROUNDS; i++) {
            json();
            engine();
            apiGateway();
        }
        if (purser != null) {
            for (int i = 0; i < DYNAMO_ROUNDS; i++) {
                dynamo(purser);
                decisionPath(purser);
            }
            DecisionRehearsal.run(purser, REHEARSALS);
        }
        Observability.prime();
        // Priming's garbage (the rehearsal's stage, thousands of throwaway requests) is collected
        // now, not by the first invocations after a restore, and the snapshot holds a compact heap.
        System.gc();
    }

    /** Jackson: the request body's parse and validation, and writing a response tree. */
    static void json() {
        JsonNode body = Json.parseTrusted(BODY);
        CreateBody.parse(body);
        Json.write(body);
    }

    /** The policy engine on a synthetic policy, reaching all three outcomes and the check rendering. */
    static void engine() {
        Policy policy = Policy.parse(Json.parseTrusted(PrimingItems.POLICY));
        List<AccountRule> rules = List.of(AccountRule.fromJson(Json.parseTrusted(PrimingItems.RULE)));
        Instant now = PrimingItems.NOW;
        for (String amount : new String[] {"12.50", "120.00", "400.00"}) {
            BigDecimal a = new BigDecimal(amount);
            Decision d = PolicyEngine.evaluate(new PurchaseAttempt(a, Money.toMinor(a), "software", "shop.example.com"),
                    AgentStatus.ACTIVE, policy, rules, ZoneId.of("UTC"),
                    new Snapshot(100_000, 1_000, 500, 1_000, 2_000, 3_000, 1_000, 2_000, 3_000, 1_500, Map.of(), 1, 5), now);
            Json.write(RequestCreator.policyCheck(d));
        }
    }

    /** The payload-v2 translation both ways, and an API error rendered as its JSON answer. */
    static void apiGateway() {
        APIGatewayV2HTTPEvent event = PrimingItems.decisionEvent(Map.of("Content-Type", "application/json"), BODY);
        HttpResponse answer = Endpoints.handle(ApiGateway.request(event), r -> {
            Endpoints.jsonBody(r);
            throw ApiError.detail(401, "priming");
        });
        ApiGateway.response(answer);
    }

    /**
     * Purser's own decision path on the priming identity (agent, account and token hash all
     * {@value #KEY}, which no real id or SHA-256 hex hash can be): the service's token lookup
     * (absent, so an unknown-token denial), the decision's batch read with every counter key
     * (nothing found), and {@code RequestCreator.commit} of a decided request for each outcome:
     * the real transaction (request, token re-assertion, rate, agent money, window and total
     * counters, idempotency record, outbox event), which DynamoDB always cancels because the
     * priming token and agent do not exist, so nothing is ever written. Loads, links and
     * compiles what a decision runs beyond the SDK: auth, reads, views, counters, the outbox.
     */
    static void decisionPath(Purser purser) {
        Instant now = purser.now();
        purser.decisions().create(new RequestDecisions.Create(KEY, () -> {
            throw new IllegalStateException("the priming token is unknown: no body is ever validated");
        }, null, null));
        purser.reader().readForAgent(KEY, KEY, now);
        Agent agent = Agent.fromItem(PrimingItems.agent());
        Account account = Account.fromItem(PrimingItems.account());
        Policy policy = Policy.parse(Json.parseTrusted(agent.policyJson()));
        Snapshot snapshot = new Snapshot(100_000, 1_000, 500, 1_000, 2_000, 3_000, 1_000, 2_000, 3_000, 1_500, Map.of(), 1, 5);
        JsonNode body = Json.parseTrusted(BODY);
        for (String amount : new String[] {"12.50", "120.00", "400.00"}) {
            BigDecimal a = new BigDecimal(amount);
            Decision d = PolicyEngine.evaluate(new PurchaseAttempt(a, Money.toMinor(a), "software", "shop.example.com"),
                    agent.status(), policy, account.rules(), account.zone(), snapshot, now);
            NewRequest input = new NewRequest(a, Money.toMinor(a), "USD", "software", "shop.example.com", "priming", "priming");
            CreateOutcome outcome = purser.creator().commit(new RequestCreator.Decided(agent, account, KEY, input, "software",
                    "software", d, snapshot, agent.remaining(), now, IdempotencyKey.forAgent(KEY, "priming"),
                    Fingerprint.of("POST /requests", body)));
            if (outcome instanceof CreateOutcome.Committed) {
                throw new IllegalStateException("a priming transaction committed: the priming token must never exist");
            }
        }
    }

    /**
     * The SDK's request marshalling, signing, HTTP exchange and response unmarshalling for a
     * decision's three call shapes, including a cancelled transaction (the lost-race path). All
     * under the priming partition key: reads find nothing, the transaction is always cancelled,
     * nothing is ever written.
     */
    static void dynamo(Purser purser) {
        Map<String, AttributeValue> key = Map.of(TableDefinition.PK, AttributeValue.fromS(KEY),
                TableDefinition.SK, AttributeValue.fromS(KEY));
        var dynamo = purser.dynamo();
        String table = purser.table();
        dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true));
        dynamo.batchGetItem(b -> b.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(List.of(key)).consistentRead(true).build())));
        // A decision's transaction shapes (a conditional put, a counter update with ADD) beside a
        // condition check that always fails: DynamoDB cancels the whole transaction, so the put and
        // the update never apply, yet their marshalling and the cancellation's are primed.
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    t -> t.conditionCheck(c -> c.tableName(table).key(key)
                            .conditionExpression("attribute_exists(#pk)")
                            .expressionAttributeNames(Map.of("#pk", TableDefinition.PK))),
                    t -> t.put(p -> p.tableName(table)
                            .item(Map.of(TableDefinition.PK, AttributeValue.fromS(KEY), TableDefinition.SK, AttributeValue.fromS(KEY + "#PUT"),
                                    "n", AttributeValue.fromN("1")))
                            .conditionExpression("attribute_not_exists(#pk)")
                            .expressionAttributeNames(Map.of("#pk", TableDefinition.PK))),
                    t -> t.update(u -> u.tableName(table)
                            .key(Map.of(TableDefinition.PK, AttributeValue.fromS(KEY), TableDefinition.SK, AttributeValue.fromS(KEY + "#UPDATE")))
                            .updateExpression("ADD #n :one")
                            .conditionExpression("attribute_not_exists(#n) OR #n < :max")
                            .expressionAttributeNames(Map.of("#n", "n"))
                            .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":max", AttributeValue.fromN("10"))))));
        } catch (TransactionCanceledException expected) {
            // The condition check fails by design: nothing was written.
        }
    }
}
