package dev.purser.payments.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.auth.Secrets;
import dev.purser.http.ApiError;
import dev.purser.http.HttpRequest;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.http.HttpResponse;
import dev.purser.json.Json;
import dev.purser.owner.OwnerBody;
import dev.purser.wallets.api.MoneyHttp;
import dev.purser.money.Currencies;
import dev.purser.mandates.ExecutionToken;
import dev.purser.money.Money;
import dev.purser.owner.OwnerErrors;
import dev.purser.payments.NewPayment;
import dev.purser.payments.Payment;
import dev.purser.payments.PaymentOutcome;
import dev.purser.payments.PaymentQueries;
import dev.purser.payments.PaymentService;
import dev.purser.payments.PaymentStatus;
import dev.purser.payments.PaymentViews;
import dev.purser.payments.RefundOutcome;
import dev.purser.policy.Decimals;
import dev.purser.time.Times;
import dev.purser.wallets.Caller;
import dev.purser.wallets.Callers;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/payments}: create (agent token, or owner key with {@code agent_id}), get, list,
 * receipt, CSV export and refunds. Parses, authorizes, calls {@link PaymentService}, renders; error
 * codes per seed 004: {@code AP-1001} wallet/balance, {@code AP-1002} policy, {@code AP-3002} rate.
 */
public final class PaymentsApi {
    static final Set<String> CREATE_FIELDS = Set.of("from_wallet_id", "to_wallet_id", "to_external", "amount", "currency",
            "rail", "description", "category", "idempotency_key", "agent_id", "metadata", "mandate_id");
    /** The header carrying an execution token when the bearer is the agent token or an owner key. */
    static final String EXECUTION_TOKEN_HEADER = "x-execution-token";
    static final int MAX_EXPORT_ROWS = 10_000;

    private final PaymentService payments;
    private final PaymentQueries queries;
    private final Callers callers;

    private final RouteTable<Void> routes;

    public PaymentsApi(PaymentService payments, PaymentQueries queries, Callers callers) {
        this.payments = payments;
        this.queries = queries;
        this.callers = callers;
        // Creating a payment authenticates inside its one batch read (2 round trips); the reads
        // authenticate first.
        this.routes = RouteTable.<Void>of(LambdaFunction.PAYMENTS)
                .on(Route.CREATE_PAYMENT, (none, request) -> create(request))
                .on(Route.LIST_PAYMENTS, (none, request) -> list(caller(request), request))
                .on(Route.EXPORT_PAYMENTS, (none, request) -> export(caller(request), request))
                .on(Route.GET_PAYMENT, (none, request) ->
                        HttpResponse.json(200, PaymentViews.payment(visible(caller(request), request))))
                .on(Route.GET_PAYMENT_RECEIPT, (none, request) ->
                        HttpResponse.json(200, PaymentViews.receipt(visible(caller(request), request))))
                .on(Route.REFUND_PAYMENT, (none, request) -> refund(caller(request), request))
                .build();
    }

    public HttpResponse handle(HttpRequest request) {
        return routes.serve(null, request);
    }

    private Caller caller(HttpRequest request) {
        return MoneyHttp.authenticate(callers, request);
    }

    private Payment visible(Caller caller, HttpRequest request) {
        Payment p = payments.get(MoneyHttp.pathId(request, "payment_id", "payment"));
        if (!payments.visible(caller, p)) throw MoneyHttp.notFound("payment");
        return p;
    }

    private HttpResponse create(HttpRequest request) {
        String secret = MoneyHttp.bearer(request);
        String tokenHash = null;
        String ownerAccount = null;
        // An execution token (docs/spend-guard.md#paying-with-an-execution-token) is the bearer
        // itself ("instead of the agent token"), or rides in X-Execution-Token beside one.
        String execHash = null;
        if (secret.startsWith(ExecutionToken.PREFIX)) {
            execHash = Secrets.sha256Hex(secret);
        } else {
            if (Callers.isOwnerKey(secret)) {
                ownerAccount = MoneyHttp.authenticate(callers, request).accountId();
            } else {
                tokenHash = Secrets.sha256Hex(secret);
            }
            String header = request.header(EXECUTION_TOKEN_HEADER).map(String::strip).orElse(null);
            if (header != null && !header.isEmpty()) {
                if (!header.startsWith(ExecutionToken.PREFIX) || header.length() > 200) {
                    throw ApiError.coded(401, "execution_token_invalid", "Invalid execution token in X-Execution-Token");
                }
                execHash = Secrets.sha256Hex(header);
            }
        }
        ObjectNode body = MoneyHttp.body(request, CREATE_FIELDS, false);
        String from = OwnerBody.requiredText(body, "from_wallet_id", 100);
        String toWallet = OwnerBody.text(body, "to_wallet_id", 100);
        String toExternal = OwnerBody.text(body, "to_external", 200);
        if ((toWallet == null) == (toExternal == null)) {
            throw OwnerErrors.invalid(toWallet == null ? "to_wallet_id" : "to_external", "exactly one of to_wallet_id and to_external is required");
        }
        long amount = MoneyHttp.positiveAmount(body, "amount");
        BigDecimal amountDecimal = Decimals.parse(body.get("amount"));
        String currency = OwnerBody.text(body, "currency", 3);
        if (currency != null) {
            currency = currency.toUpperCase(Locale.ROOT);
            if (!Currencies.isSupported(currency)) throw OwnerErrors.invalid("currency", "must be a supported ISO 4217 code");
        }
        String rail = OwnerBody.text(body, "rail", 30);
        rail = rail == null ? "internal" : rail.toLowerCase(Locale.ROOT);
        String agentId = OwnerBody.text(body, "agent_id", 100);
        if (ownerAccount != null && agentId == null && execHash == null) {
            throw OwnerErrors.invalid("agent_id", "is required when an owner key pays (the paying agent)");
        }
        if (body.has("metadata") && !body.get("metadata").isObject() && !body.get("metadata").isNull()) {
            throw OwnerErrors.invalid("metadata", "must be an object");
        }
        NewPayment input = new NewPayment(from, toWallet, toExternal, amountDecimal, amount, currency, rail,
                OwnerBody.text(body, "description", 500), OwnerBody.text(body, "category", 50),
                tokenHash == null ? agentId : null, MoneyHttp.idempotencyKey(request, body), MoneyHttp.fingerprint(request, body));
        PaymentOutcome outcome = payments.create(tokenHash, ownerAccount, input, execHash, OwnerBody.text(body, "mandate_id", 100));
        if (outcome instanceof PaymentOutcome.Created c) return HttpResponse.json(201, PaymentViews.payment(c.payment()));
        if (outcome instanceof PaymentOutcome.Replayed r) return MoneyHttp.replay(r.response());
        throw error(outcome);
    }

    public static ApiError error(PaymentOutcome o) {
        if (o instanceof PaymentOutcome.Unauthorized u) return ApiError.coded(401, "unauthorized", u.detail());
        if (o instanceof PaymentOutcome.Forbidden f) return ApiError.coded(403, "forbidden", f.detail());
        if (o instanceof PaymentOutcome.WalletNotFound w) {
            return withField(404, MoneyHttp.AP_WALLET, "Wallet not found: " + w.field(), w.field());
        }
        if (o instanceof PaymentOutcome.WalletNotYours) {
            return withField(403, MoneyHttp.AP_WALLET, "This wallet belongs to another agent", "from_wallet_id");
        }
        if (o instanceof PaymentOutcome.InsufficientFunds i) {
            ObjectNode b = Json.object().put("detail", "Insufficient funds: available " + Money.plain(i.available())
                    + ", needed " + Money.plain(i.needed()) + " (amount + fee)").put("code", MoneyHttp.AP_WALLET)
                    .put("available", Money.plain(i.available())).put("needed", Money.plain(i.needed()));
            return new ApiError(402, b);
        }
        if (o instanceof PaymentOutcome.PolicyRejected p) {
            ObjectNode b = Json.object().put("detail", "Payment denied by policy").put("code", MoneyHttp.AP_POLICY);
            b.set("policy_check", Json.parseTrusted(p.policyCheckJson()));
            return new ApiError(403, b);
        }
        if (o instanceof PaymentOutcome.RateLimited r) return ApiError.coded(429, MoneyHttp.AP_RATE, r.detail());
        if (o instanceof PaymentOutcome.Invalid i) return OwnerErrors.invalid(i.field(), i.message());
        if (o instanceof PaymentOutcome.SettlementNotConfigured s) {
            return withField(422, "SETTLEMENT_NOT_CONFIGURED", "No settlement connector is registered for rail '" + s.rail()
                    + "'. Use the internal rail, or configure a connector for this rail.", "rail");
        }
        if (o instanceof PaymentOutcome.IdempotencyKeyReused) {
            return ApiError.coded(422, "idempotency_key_reused", "Idempotency-Key was already used with a different request body");
        }
        if (o instanceof PaymentOutcome.AgentNotFound) return withField(404, "agent_not_found", "Agent not found", "agent_id");
        if (o instanceof PaymentOutcome.ExecutionTokenInvalid e) return ApiError.coded(401, "execution_token_invalid", e.detail());
        if (o instanceof PaymentOutcome.ExecutionTokenMismatch m) return withField(403, "execution_token_mismatch", m.detail(), m.field());
        if (o instanceof PaymentOutcome.MandateViolation v) {
            return new ApiError(403, Json.object().put("detail", v.detail()).put("code", "mandate_violation")
                    .put("field", v.field()).put("mandate_term", v.term()).put("reason", v.detail()));
        }
        throw new IllegalStateException("unmapped outcome " + o);
    }

    private static ApiError withField(int status, String code, String detail, String field) {
        return new ApiError(status, Json.object().put("detail", detail).put("code", code).put("field", field));
    }

    private PaymentQueries.Filter filter(Caller caller, HttpRequest request) {
        String status = request.queryParam("status").orElse(null);
        if (status != null) {
            try {
                PaymentStatus.fromWire(status);
            } catch (IllegalArgumentException e) {
                throw OwnerErrors.invalid("status", "is not a payment status");
            }
        }
        String agent = caller instanceof Caller.AgentCaller a ? a.agentId() : request.queryParam("agent_id").orElse(null);
        return new PaymentQueries.Filter(agent, status, request.queryParam("wallet_id").orElse(null),
                request.queryParam("rail").orElse(null), bound(request, "from"), bound(request, "to"));
    }

    /** {@code from}/{@code to}: a date (UTC midnight) or an instant; stored-format prefix for the index range. */
    private static String bound(HttpRequest request, String name) {
        String v = request.queryParam(name).orElse(null);
        if (v == null) return null;
        try {
            Instant t = v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
            return Times.stored(t);
        } catch (DateTimeParseException e) {
            throw OwnerErrors.invalid(name, "must be a date (YYYY-MM-DD) or an ISO-8601 instant");
        }
    }

    private HttpResponse list(Caller caller, HttpRequest request) {
        var f = filter(caller, request);
        var page = MoneyHttp.page(() -> queries.list(caller.accountId(), f, MoneyHttp.limit(request),
                request.queryParam("cursor").orElse(null)));
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("payments");
        for (Payment p : page.payments()) list.add(PaymentViews.payment(p));
        out.put("next_cursor", page.next());
        return HttpResponse.json(200, out);
    }

    private HttpResponse export(Caller caller, HttpRequest request) {
        var f = filter(caller, request);
        StringBuilder csv = new StringBuilder(PaymentViews.CSV_HEADER).append("\r\n");
        String start = null;
        int rows = 0;
        do {
            var page = queries.list(caller.accountId(), f, 100, start);
            for (Payment p : page.payments()) {
                if (rows++ >= MAX_EXPORT_ROWS) {
                    throw MoneyHttp.error(422, "export_too_large", "More than " + MAX_EXPORT_ROWS + " payments: narrow from/to");
                }
                csv.append(PaymentViews.csvLine(p)).append("\r\n");
            }
            start = page.next();
        } while (start != null);
        return new HttpResponse(200, Map.of("content-type", "text/csv; charset=utf-8",
                "content-disposition", "attachment; filename=\"payments.csv\""), csv.toString());
    }

    private HttpResponse refund(Caller caller, HttpRequest request) {
        String id = MoneyHttp.pathId(request, "payment_id", "payment");
        ObjectNode body = MoneyHttp.body(request, Set.of("amount", "reason", "idempotency_key"), true);
        Long amount = MoneyHttp.optionalPositiveAmount(body, "amount");
        String reason = OwnerBody.text(body, "reason", 500);
        if (reason == null) reason = "requested_by_customer";
        RefundOutcome o = payments.refund(caller, id, amount, reason, MoneyHttp.idempotencyKey(request, body),
                MoneyHttp.fingerprint(request, body));
        if (o instanceof RefundOutcome.Refunded r) return HttpResponse.json(200, PaymentViews.refunded(r.payment(), r.refundId(), r.amount()));
        if (o instanceof RefundOutcome.Replayed r) return MoneyHttp.replay(r.response());
        if (o instanceof RefundOutcome.NotAllowed) {
            throw ApiError.coded(403, "forbidden", "Only the account owner or the payee can refund a payment");
        }
        if (o instanceof RefundOutcome.NotRefundable n) {
            throw ApiError.coded(409, "payment_not_refundable", "A " + n.status().wire() + " payment cannot be refunded");
        }
        if (o instanceof RefundOutcome.TooMuch t) {
            throw OwnerErrors.invalid("amount", "must be at most the refundable " + Money.plain(t.refundable()));
        }
        if (o instanceof RefundOutcome.PayeeInsufficientFunds) {
            throw ApiError.coded(402, MoneyHttp.AP_WALLET, "The payee wallet does not hold the refund amount");
        }
        if (o instanceof RefundOutcome.IdempotencyKeyReused) {
            throw ApiError.coded(422, "idempotency_key_reused", "Idempotency-Key was already used with a different request body");
        }
        throw MoneyHttp.notFound("payment");
    }

}
