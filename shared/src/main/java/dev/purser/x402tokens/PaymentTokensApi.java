package dev.purser.x402tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.http.ApiError;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.json.Json;
import dev.purser.ledger.FeeSchedule;
import dev.purser.owner.OwnerBody;
import dev.purser.owner.OwnerErrors;
import dev.purser.payments.PaymentOutcome;
import dev.purser.payments.api.PaymentsApi;
import dev.purser.wallets.Caller;
import dev.purser.wallets.Callers;
import dev.purser.wallets.api.MoneyHttp;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The x402 payment-token endpoints (docs/x402.md "Payment tokens"): authorize (consumer agent),
 * verify and the call reports (provider agent), cancel (consumer), read (either party), and the
 * public PaymentRequirements of a registered endpoint URL. Errors are {@code {"detail", "code"}},
 * with {@code current_status} on state conflicts.
 */
public final class PaymentTokensApi {
    /** The x402 v2 header carrying a base64-encoded PaymentRequired. */
    public static final String PAYMENT_REQUIRED_HEADER = "PAYMENT-REQUIRED";
    private final PaymentTokens tokens;
    private final X402Facilitator facilitator;
    private final Callers callers;
    private final FeeSchedule fees;
    private final RouteTable<Void> routes;

    public PaymentTokensApi(PaymentTokens tokens, X402Facilitator facilitator, Callers callers, FeeSchedule fees) {
        this.tokens = tokens;
        this.facilitator = facilitator;
        this.callers = callers;
        this.fees = fees;
        this.routes = RouteTable.<Void>of(LambdaFunction.X402_TOKENS)
                .on(Route.SERVICE_AUTHORIZE, (c, r) -> authorize(r))
                .on(Route.X402_VERIFY, (c, r) -> verify(r))
                .on(Route.X402_TOKEN_CALL_STARTED, (c, r) -> advance(r, PaymentTokens.Step.CALL_STARTED))
                .on(Route.X402_TOKEN_CALL_ACCEPTED, (c, r) -> advance(r, PaymentTokens.Step.CALL_ACCEPTED))
                .on(Route.X402_TOKEN_CALL_COMPLETED, (c, r) -> advance(r, PaymentTokens.Step.CALL_COMPLETED))
                .on(Route.X402_TOKEN_CANCEL, (c, r) -> advance(r, PaymentTokens.Step.CANCEL))
                .on(Route.X402_TOKEN_GET, (c, r) -> get(r))
                .on(Route.X402_REQUIREMENTS, (c, r) -> requirements(r))
                .on(Route.X402_FACILITATOR_VERIFY, (c, r) -> facilitate(r, true))
                .on(Route.X402_FACILITATOR_SETTLE, (c, r) -> facilitate(r, false))
                .on(Route.X402_FACILITATOR_SUPPORTED, (c, r) -> HttpResponse.json(200, facilitator.supported()))
                .build();
    }

    public HttpResponse handle(HttpRequest request) {
        return Endpoints.handle(request, r -> routes.serve(null, r));
    }

    private Caller.AgentCaller agent(HttpRequest request) {
        Caller caller = MoneyHttp.authenticate(callers, request);
        if (caller instanceof Caller.AgentCaller a) return a;
        throw ApiError.coded(403, "agent_token_required", "Payment tokens are used by agents: authenticate with an agent token");
    }

    private HttpResponse authorize(HttpRequest request) {
        String serviceId = MoneyHttp.pathId(request, "service_id", "service");
        Caller.AgentCaller caller = agent(request);
        ObjectNode body = MoneyHttp.body(request, Set.of("from_wallet_id", "max_amount", "idempotency_key"), false);
        String from = OwnerBody.requiredText(body, "from_wallet_id", 100);
        Long max = MoneyHttp.optionalPositiveAmount(body, "max_amount");
        return render(tokens.authorize(caller.tokenHash(), serviceId, from, max, MoneyHttp.idempotencyKey(request, body),
                MoneyHttp.fingerprint(request, body)), 201);
    }

    private HttpResponse verify(HttpRequest request) {
        Caller.AgentCaller caller = agent(request);
        ObjectNode body = MoneyHttp.body(request, Set.of("token"), false);
        String token = OwnerBody.requiredText(body, "token", 4096);
        return render(tokens.verify(caller.agentId(), caller.accountId(), token), 200);
    }

    private HttpResponse advance(HttpRequest request, PaymentTokens.Step step) {
        String tokenId = MoneyHttp.pathId(request, "token_id", "token");
        Caller.AgentCaller caller = agent(request);
        // The reports carry no fields; a body, if any, must be an object (idempotency_key allowed).
        ObjectNode body = MoneyHttp.body(request, Set.of("idempotency_key"), true);
        return render(tokens.advance(caller.agentId(), caller.accountId(), tokenId, step,
                MoneyHttp.idempotencyKey(request, body), MoneyHttp.fingerprint(request, body)), 200);
    }

    private HttpResponse get(HttpRequest request) {
        String tokenId = MoneyHttp.pathId(request, "token_id", "token");
        Caller.AgentCaller caller = agent(request);
        return render(tokens.get(caller.agentId(), caller.accountId(), tokenId), 200);
    }

    /**
     * The service's PaymentRequired: x402 version 2 unless the client asks for version 1
     * ({@code ?x402Version=1}, the earlier answer unchanged); the v2 answer also travels base64-encoded
     * in the {@code PAYMENT-REQUIRED} header, as a v2 resource server sends it.
     */
    private HttpResponse requirements(HttpRequest request) {
        String resource = request.queryParam("resource").map(String::strip).orElse("");
        if (resource.isEmpty()) throw OwnerErrors.invalid("resource", "is required (the endpoint URL of a registered service)");
        if (resource.length() > 2000) throw OwnerErrors.invalid("resource", "must be at most 2000 characters");
        String version = request.queryParam("x402Version").map(String::strip).orElse("2");
        if (!version.equals("1") && !version.equals("2")) throw OwnerErrors.invalid("x402Version", "must be 1 or 2");
        var sv = tokens.serviceAt(resource);
        if (sv.isEmpty()) {
            throw ApiError.coded(404, "service_not_found", "No service is registered at endpoint_url " + resource);
        }
        long fee = fees.fee("internal", sv.get().pricePerCall());
        if (version.equals("1")) return HttpResponse.json(200, tokens.requirements(resource, fee).orElseThrow());
        ObjectNode v2 = tokens.paymentRequired(resource, fee).orElseThrow();
        HttpResponse json = HttpResponse.json(200, v2);
        Map<String, String> headers = new HashMap<>(json.headers());
        headers.put(PAYMENT_REQUIRED_HEADER, Base64.getEncoder().encodeToString(json.body().getBytes(StandardCharsets.UTF_8)));
        return new HttpResponse(200, headers, json.body());
    }

    /** The x402 facilitator's verify or settle, called by the provider agent (its bearer token). */
    private HttpResponse facilitate(HttpRequest request, boolean verify) {
        Caller.AgentCaller caller = agent(request);
        ObjectNode body = MoneyHttp.body(request, Set.of("x402Version", "paymentPayload", "paymentRequirements"), false);
        JsonNode payload = body.get("paymentPayload");
        JsonNode requirements = body.get("paymentRequirements");
        if (payload == null || !payload.isObject()) throw OwnerErrors.invalid("paymentPayload", "is required (an x402 PaymentPayload)");
        if (requirements == null || !requirements.isObject()) {
            throw OwnerErrors.invalid("paymentRequirements", "is required (x402 PaymentRequirements)");
        }
        return HttpResponse.json(200, verify
                ? facilitator.verify(caller.agentId(), caller.accountId(), payload, requirements).view()
                : facilitator.settle(caller.agentId(), caller.accountId(), payload, requirements).view());
    }

    private static HttpResponse render(TokenOutcome o, int okStatus) {
        if (o instanceof TokenOutcome.Authorized a) return HttpResponse.json(201, a.body());
        if (o instanceof TokenOutcome.Replayed r) return MoneyHttp.replay(r.response());
        if (o instanceof TokenOutcome.Done d) return HttpResponse.json(okStatus, d.token().view());
        if (o instanceof TokenOutcome.Verified v) {
            ObjectNode body = v.token().view();
            body.put("valid", true);
            body.set("service", v.service() == null ? null : v.service().view());
            return HttpResponse.json(200, body);
        }
        throw error(o);
    }

    static ApiError error(TokenOutcome o) {
        if (o instanceof TokenOutcome.PaymentRefused p) {
            if (p.outcome() instanceof PaymentOutcome.ApprovalRequired a) {
                ObjectNode b = Json.object().put("detail", "The policy needs a human's approval for this payment; a payment token "
                        + "is only issued when the policy approves it automatically").put("code", MoneyHttp.AP_POLICY);
                b.set("policy_check", Json.parseTrusted(a.policyCheckJson()));
                return new ApiError(403, b);
            }
            return PaymentsApi.error(p.outcome());
        }
        if (o instanceof TokenOutcome.NotFound n) return ApiError.coded(404, n.code(), n.detail());
        if (o instanceof TokenOutcome.Invalid i) return OwnerErrors.invalid(i.field(), i.detail());
        if (o instanceof TokenOutcome.Malformed m) {
            return new ApiError(422, Json.object().put("detail", m.detail()).put("code", "TOKEN_MALFORMED").put("field", "token"));
        }
        if (o instanceof TokenOutcome.BadSignature b) return ApiError.coded(401, "TOKEN_INVALID_SIGNATURE", b.detail());
        if (o instanceof TokenOutcome.Forbidden f) return ApiError.coded(403, f.code(), f.detail());
        if (o instanceof TokenOutcome.Conflict c) {
            ObjectNode b = Json.object().put("detail", c.detail()).put("code", c.code());
            if (c.current() != null) b.put("current_status", c.current().wire());
            return new ApiError(c.code().equals("TOKEN_EXPIRED") ? 410 : 409, b);
        }
        if (o instanceof TokenOutcome.IdempotencyKeyReused) {
            return ApiError.coded(422, "idempotency_key_reused", "Idempotency-Key was already used with a different request");
        }
        if (o instanceof TokenOutcome.Busy) return ApiError.coded(409, "contention", "The token is being changed by another call; retry");
        throw new IllegalStateException("unrendered outcome " + o);
    }
}
