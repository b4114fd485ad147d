package dev.purser.agentapi;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.config.Purser;
import dev.purser.http.ApiError;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.json.Json;
import dev.purser.policy.Decision;
import dev.purser.policy.PolicyEngine;
import dev.purser.policy.ResolvedCategory;
import dev.purser.policy.CategoryResolver;
import dev.purser.requests.AgentContext;
import dev.purser.requests.CreateOutcome;
import dev.purser.requests.NewRequest;
import dev.purser.requests.PurchaseRequest;
import dev.purser.requests.RequestCreator;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Windows;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@code POST /api/v1/agent-api/requests} and its dry run {@code POST /requests/check}.
 *
 * <p>The order of errors is the spec's (§1.3): malformed JSON, auth, body validation, rate limit,
 * idempotency, pending cap, currency, then the policy. A decision is read (one batch), evaluated
 * (pure engine) and committed (one transaction); if the transaction loses a race, the whole cycle
 * runs again on fresh figures, a bounded number of times, so the answer always reflects real
 * figures and is never a 500.
 */
public final class CreateRequestApi {
    static final int MAX_ATTEMPTS = 12;

    private final Purser purser;
    private final PolicyCache policies = new PolicyCache();

    public CreateRequestApi(Purser purser) {
        this.purser = purser;
    }

    public HttpResponse create(HttpRequest request) {
        return Endpoints.handle(request, this::doCreate);
    }

    public HttpResponse check(HttpRequest request) {
        return Endpoints.handle(request, this::doCheck);
    }

    private HttpResponse doCreate(HttpRequest request) {
        JsonNode raw = Endpoints.jsonBody(request);
        String tokenHash = AgentAuth.tokenHash(request);
        String idemKey = request.header("idempotency-key").orElse(null);
        String fingerprint = "POST /requests " + (raw == null ? "" : Json.write(raw));
        NewRequest input = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Instant now = purser.now();
            AgentContext ctx = purser.reader().read(tokenHash, now, true, idemKey);
            AgentAuth.check(ctx);
            if (input == null) input = CreateBody.parse(raw);
            if (ctx.rateCount() >= RequestCreator.RATE_LIMIT_PER_MINUTE) throw tooManyRequests();
            var replay = idempotentReplay(ctx, idemKey, raw, now);
            if (replay != null) return replay;
            Evaluation ev = evaluate(ctx, input, now);
            var outcome = purser.creator().commit(new RequestCreator.Decided(ctx.agent(), ctx.account(), tokenHash, input,
                    ev.category.category(), ev.category.originalCategory(), ev.decision, ctx.snapshot(), ctx.agent().remaining(), now,
                    idemKey, fingerprint));
            if (outcome instanceof CreateOutcome.Committed c) {
                return HttpResponse.json(201, c.body());
            }
            if (outcome instanceof CreateOutcome.ReusedVelocityRejection) {
                return reusedVelocityRejection(ctx, ev, now);
            }
            backoff(attempt);
        }
        throw ApiError.detail(503, "Too much contention on this agent's budget; please retry");
    }

    /** The dry run: same reads and checks, no writes at all. */
    private HttpResponse doCheck(HttpRequest request) {
        JsonNode raw = Endpoints.jsonBody(request);
        String tokenHash = AgentAuth.tokenHash(request);
        return HttpResponse.json(200, dryRun(tokenHash, raw));
    }

    /**
     * The dry run for the agent behind {@code tokenHash}, answered exactly as the Agent API's
     * check; the owner API's {@code POST /v1/agents/{id}/check} calls it too (the console's
     * "try it" panel), so both can never disagree.
     */
    public ObjectNode dryRun(String tokenHash, JsonNode raw) {
        Instant now = purser.now();
        AgentContext ctx = purser.reader().read(tokenHash, now, true, null);
        AgentAuth.check(ctx);
        NewRequest input = CreateBody.parse(raw);
        Evaluation ev = evaluate(ctx, input, now);
        ObjectNode o = Json.object();
        o.put("dry_run", true);
        o.put("status", ev.decision.outcome().wire());
        o.put("currency", ctx.account().currency());
        o.put("category", ev.category.category());
        o.put("original_category", ev.category.originalCategory());
        o.set("policy_check", RequestCreator.policyCheck(ev.decision));
        o.put("auto_approved", ev.decision.outcome() == dev.purser.policy.Outcome.AUTO_APPROVED);
        o.put("budget_remaining", dev.purser.money.Money.plain(ctx.agent().remaining()));
        return o;
    }

    private record Evaluation(ResolvedCategory category, Decision decision) {}

    private Evaluation evaluate(AgentContext ctx, NewRequest input, Instant now) {
        var account = ctx.account();
        ResolvedCategory category = CategoryResolver.resolve(input.category(), account.categories(), account.activeAliases());
        if (ctx.agent().pendingCount() >= RequestCreator.PENDING_CAP) {
            throw ApiError.detail(429, "Too many pending requests. Wait for existing requests to be resolved.");
        }
        if (input.currency() != null && !input.currency().equals(account.currency())) {
            throw ApiError.detail(400, "Currency mismatch: expected " + account.currency());
        }
        var attempt = new dev.purser.policy.PurchaseAttempt(input.amount(), input.amountMinor(), category.category(),
                input.merchantName());
        Decision decision = PolicyEngine.evaluate(attempt, ctx.agent().status(), policies.get(ctx.agent().policyJson()),
                account.rules(), account.zone(), ctx.snapshot(), now);
        return new Evaluation(category, decision);
    }

    private HttpResponse idempotentReplay(AgentContext ctx, String key, JsonNode raw, Instant now) {
        Map<String, AttributeValue> record = ctx.idempotency();
        if (key == null || record == null || record.isEmpty()) return null;
        if (num(record, TableDefinition.TTL) < now.getEpochSecond()) return null;
        String stored = str(record, "fingerprint");
        if (!sameRequest(stored, "POST /requests ", raw)) {
            throw ApiError.detail(422, "Idempotency-Key was already used with a different request body");
        }
        chargeRate(ctx.agent().id(), now);
        return new HttpResponse(num(record, "status_code") == 0 ? 201 : (int) num(record, "status_code"),
                Map.of("content-type", "application/json", "idempotent-replayed", "true"), str(record, "response"));
    }

    static boolean sameRequest(String storedFingerprint, String prefix, JsonNode raw) {
        if (storedFingerprint == null || !storedFingerprint.startsWith(prefix)) return false;
        String body = storedFingerprint.substring(prefix.length());
        if (raw == null) return body.isEmpty();
        return !body.isEmpty() && Json.parseTrusted(body).equals(raw);
    }

    /** Every POST counts against the rate limit, replays and reused rejections included. */
    private void chargeRate(String agentId, Instant now) {
        try {
            purser.dynamo().updateItem(b -> b.tableName(purser.table())
                    .key(key(Keys.agent(agentId), Keys.rateSk(Windows.minuteBucket(now))))
                    .updateExpression("ADD n :one SET #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(n) OR n < :limit")
                    .expressionAttributeNames(Map.of("#ttl", TableDefinition.TTL))
                    .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(RequestCreator.RATE_LIMIT_PER_MINUTE),
                            ":ttl", n(now.plusSeconds(120).getEpochSecond()))));
        } catch (ConditionalCheckFailedException e) {
            throw tooManyRequests();
        }
    }

    private HttpResponse reusedVelocityRejection(AgentContext ctx, Evaluation ev, Instant now) {
        var marker = purser.dynamo().getItem(b -> b.tableName(purser.table()).consistentRead(true)
                .key(RequestCreator.velocityRejectionKey(ctx.agent().id(), ev.decision.velocityFailure(), now))).item();
        chargeRate(ctx.agent().id(), now);
        ObjectNode o = Json.object();
        o.put("request_id", str(marker, "request_id"));
        o.put("status", "rejected");
        o.put("currency", ctx.account().currency());
        o.put("category", ev.category.category());
        o.put("original_category", ev.category.originalCategory());
        o.set("policy_check", RequestCreator.policyCheck(ev.decision));
        o.put("auto_approved", false);
        o.putNull("budget_remaining");
        o.putNull("expires_at");
        return HttpResponse.json(201, o);
    }

    static ApiError tooManyRequests() {
        return ApiError.detail(429, "Too many requests. Please try again later.");
    }

    private static void backoff(int attempt) {
        long max = Math.min(100, 5L << Math.min(attempt, 4));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, max + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
