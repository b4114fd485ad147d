package dev.purser.disputes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.http.ApiError;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.json.Json;
import dev.purser.operator.OperatorContext;
import dev.purser.operator.OperatorRoutes;
import dev.purser.owner.OwnerBody;
import dev.purser.owner.OwnerErrors;
import dev.purser.time.Times;
import dev.purser.wallets.Caller;
import dev.purser.wallets.Callers;
import dev.purser.wallets.api.MoneyHttp;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /v1/disputes} (a party to the payment: agent token or owner key) and the operator's
 * {@code /v1/operator/disputes} ({@link #operatorRoutes()}, served by the Operator function).
 * Parses, authenticates, calls {@link Disputes}, renders; errors are {@code {"detail", "code"}}.
 */
public final class DisputesApi {
    public static final int MAX_DESCRIPTION = 2000;
    public static final int MAX_EVIDENCE_CHARS = 16_000;
    public static final int MAX_NOTE = 2000;
    private static final Pattern EVIDENCE_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,49}");

    private final Disputes disputes;
    private final Callers callers;
    private final RouteTable<Void> routes;

    public DisputesApi(Disputes disputes, Callers callers) {
        this.disputes = disputes;
        this.callers = callers;
        this.routes = RouteTable.<Void>of(LambdaFunction.DISPUTES)
                .on(Route.DISPUTE_OPEN, (none, r) -> open(r))
                .on(Route.DISPUTE_LIST, (none, r) -> list(r))
                .on(Route.DISPUTE_GET, (none, r) -> render(disputes.get(caller(r), id(r)), 200))
                .on(Route.DISPUTE_ADD_EVIDENCE, (none, r) -> evidence(r))
                .on(Route.DISPUTE_WITHDRAW, (none, r) -> {
                    Caller c = caller(r);
                    MoneyHttp.body(r, Set.of("reason"), true);
                    return render(disputes.withdraw(c, id(r)), 200);
                })
                .build();
    }

    public HttpResponse handle(HttpRequest request) {
        return routes.serve(null, request);
    }

    /** The operator's dispute routes, added to the Operator function's table. */
    public OperatorRoutes operatorRoutes() {
        return new OperatorRoutes() {
            @Override
            public void addTo(RouteTable.Builder<OperatorContext> table) {
                table.on(Route.OPERATOR_LIST_DISPUTES, (op, r) -> {
                    DisputeStatus status = status(r);
                    int limit = MoneyHttp.limit(r);
                    return render(page(() -> disputes.operatorList(status, limit, r.queryParam("cursor").orElse(null))), 200);
                });
                table.on(Route.OPERATOR_GET_DISPUTE, (op, r) -> render(disputes.operatorGet(id(r)), 200));
                table.on(Route.OPERATOR_REVIEW_DISPUTE, (op, r) -> {
                    MoneyHttp.body(r, Set.of("note"), true);
                    return render(disputes.review(id(r)), 200);
                });
                table.on(Route.OPERATOR_RESOLVE_DISPUTE, (op, r) -> resolve(r));
            }

            @Override
            public Set<Route> operatorOnly() {
                return Set.of(Route.OPERATOR_LIST_DISPUTES, Route.OPERATOR_GET_DISPUTE, Route.OPERATOR_REVIEW_DISPUTE,
                        Route.OPERATOR_RESOLVE_DISPUTE);
            }
        };
    }

    private Caller caller(HttpRequest request) {
        return MoneyHttp.authenticate(callers, request);
    }

    private static String id(HttpRequest request) {
        return MoneyHttp.pathId(request, "dispute_id", "dispute");
    }

    private HttpResponse open(HttpRequest request) {
        Caller caller = caller(request);
        ObjectNode body = MoneyHttp.body(request, Set.of("payment_id", "reason", "description", "idempotency_key"), false);
        String paymentId = OwnerBody.requiredText(body, "payment_id", 100);
        String reason = OwnerBody.requiredText(body, "reason", 50);
        if (!DisputeReason.known(reason)) {
            throw OwnerErrors.invalid("reason", "must be one of " + String.join(", ", DisputeReason.CODES));
        }
        String description = OwnerBody.text(body, "description", MAX_DESCRIPTION);
        return render(disputes.open(caller, paymentId, reason, description, MoneyHttp.idempotencyKey(request, body),
                MoneyHttp.fingerprint(request, body)), 201);
    }

    private HttpResponse list(HttpRequest request) {
        Caller caller = caller(request);
        DisputeStatus status = status(request);
        int limit = MoneyHttp.limit(request);
        return render(page(() -> disputes.list(caller, status, limit, request.queryParam("cursor").orElse(null))), 200);
    }

    private HttpResponse evidence(HttpRequest request) {
        Caller caller = caller(request);
        ObjectNode body = MoneyHttp.body(request, Set.of("type", "content"), false);
        String type = OwnerBody.requiredText(body, "type", 50);
        if (!EVIDENCE_TYPE.matcher(type).matches()) {
            throw OwnerErrors.invalid("type", "must be a lower-case code such as log_excerpt, screenshot or api_response");
        }
        JsonNode c = body.get("content");
        if (c == null || c.isNull()) throw OwnerErrors.invalid("content", "is required");
        if (!c.isTextual() || c.textValue().isBlank()) throw OwnerErrors.invalid("content", "must be a non-blank string");
        if (c.textValue().length() > MAX_EVIDENCE_CHARS) {
            throw OwnerErrors.invalid("content", "must be at most " + MAX_EVIDENCE_CHARS + " characters");
        }
        return render(disputes.addEvidence(caller, id(request), type, c.textValue()), 201);
    }

    private HttpResponse resolve(HttpRequest request) {
        ObjectNode body = MoneyHttp.body(request, Set.of("outcome", "note"), false);
        String outcome = OwnerBody.requiredText(body, "outcome", 20);
        if (!outcome.equals("refunded") && !outcome.equals("denied")) throw OwnerErrors.invalid("outcome", "must be refunded or denied");
        String note = OwnerBody.text(body, "note", MAX_NOTE);
        return render(disputes.resolve(id(request), outcome.equals("refunded"), note), 200);
    }

    private static DisputeStatus status(HttpRequest request) {
        String s = request.queryParam("status").orElse(null);
        if (s == null || s.isEmpty()) return null;
        DisputeStatus status = DisputeStatus.parse(s);
        if (status == null) throw OwnerErrors.invalid("status", "must be one of open, under_review, resolved_refunded, resolved_denied, withdrawn");
        return status;
    }

    private static DisputeResult page(java.util.function.Supplier<DisputeResult> read) {
        try {
            return read.get();
        } catch (DisputeStore.InvalidCursor e) {
            throw OwnerErrors.invalid("cursor", "is not a valid cursor for this list");
        }
    }

    static HttpResponse render(DisputeResult result, int successStatus) {
        if (result instanceof DisputeResult.Opened o) return HttpResponse.json(successStatus, o.dispute().view());
        if (result instanceof DisputeResult.Replayed r) return MoneyHttp.replay(r.response());
        if (result instanceof DisputeResult.Moved m) return HttpResponse.json(successStatus, m.dispute().view());
        if (result instanceof DisputeResult.Found f) {
            ObjectNode o = f.dispute().view();
            ArrayNode ev = o.putArray("evidence");
            f.evidence().forEach(e -> ev.add(e.view()));
            return HttpResponse.json(200, o);
        }
        if (result instanceof DisputeResult.EvidenceAdded e) {
            ObjectNode o = e.evidence().view();
            o.put("dispute_id", e.dispute().id());
            o.put("dispute_status", e.dispute().status().wire());
            o.put("evidence_count", e.dispute().evidenceCount());
            return HttpResponse.json(successStatus, o);
        }
        if (result instanceof DisputeResult.Listed l) {
            ObjectNode o = Json.object();
            ArrayNode list = o.putArray("disputes");
            l.page().disputes().forEach(d -> list.add(d.view()));
            o.put("next_cursor", l.page().next());
            return HttpResponse.json(200, o);
        }
        throw error(result);
    }

    static ApiError error(DisputeResult r) {
        if (r instanceof DisputeResult.NotFound n) return MoneyHttp.notFound(n.what());
        if (r instanceof DisputeResult.NotAllowed n) return ApiError.coded(403, "forbidden", n.detail());
        if (r instanceof DisputeResult.NotDisputable n) {
            return new ApiError(409, Json.object().put("detail", "Only a completed payment can be disputed; this one is "
                    + n.status().wire()).put("code", "PAYMENT_NOT_DISPUTABLE").put("payment_status", n.status().wire()));
        }
        if (r instanceof DisputeResult.WindowClosed w) {
            return new ApiError(422, Json.object().put("detail", "The dispute window of this payment closed at "
                    + Times.wire(w.closedAt())).put("code", "DISPUTE_WINDOW_CLOSED").put("window_closed_at", Times.wire(w.closedAt())));
        }
        if (r instanceof DisputeResult.Duplicate d) {
            return new ApiError(409, Json.object().put("detail", "A dispute is already open for this payment: add evidence to it"
                    + " instead of opening a new one").put("code", "DUPLICATE_DISPUTE").put("dispute_id", d.disputeId()));
        }
        if (r instanceof DisputeResult.WrongStatus w) {
            return new ApiError(409, Json.object().put("detail", "Cannot " + w.action() + " a dispute that is " + w.current().wire())
                    .put("code", "INVALID_DISPUTE_STATE").put("status", w.current().wire()));
        }
        if (r instanceof DisputeResult.EvidenceLimit l) {
            return ApiError.coded(409, "EVIDENCE_LIMIT", "A dispute holds at most " + l.max() + " pieces of evidence");
        }
        if (r instanceof DisputeResult.PayeeInsufficientFunds) {
            return ApiError.coded(402, MoneyHttp.AP_WALLET, "The payee wallet does not hold what is left of the payment;"
                    + " the dispute stays under review");
        }
        if (r instanceof DisputeResult.IdempotencyKeyReused) {
            return ApiError.coded(422, "idempotency_key_reused", "Idempotency-Key was already used with a different request body");
        }
        throw new IllegalStateException("unrendered dispute result " + r);
    }
}
