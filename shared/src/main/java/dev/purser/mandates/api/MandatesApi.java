package dev.purser.mandates.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.agentapi.AgentAuth;
import dev.purser.auth.Secrets;
import dev.purser.config.Purser;
import dev.purser.http.ApiError;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.json.Json;
import dev.purser.ledger.store.PageCursor;
import dev.purser.mandates.Mandate;
import dev.purser.mandates.MandateResult;
import dev.purser.mandates.MandateState;
import dev.purser.mandates.MandateStatus;
import dev.purser.mandates.MandateTerms;
import dev.purser.mandates.Mandates;
import dev.purser.money.Currencies;
import dev.purser.owner.OwnerAuth;
import dev.purser.owner.OwnerBody;
import dev.purser.owner.OwnerErrors;
import dev.purser.owner.OwnerQuery;
import dev.purser.policy.MerchantPattern;
import dev.purser.requests.AgentDenial;
import dev.purser.time.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Mandates' HTTP layer: {@code POST|GET /v1/mandates}, {@code GET|PUT /v1/mandates/{id}} (owner key) and
 * {@code POST /v1/mandates/{id}/execution-tokens} (owner key, or the mandate's own agent token).
 */
public final class MandatesApi {
    private static final Set<String> STATUSES = Arrays.stream(MandateStatus.values()).map(MandateStatus::wire)
            .collect(Collectors.toCollection(TreeSet::new));
    private static final Set<String> FIELDS = Set.of("agent", "actions", "per_use_limit", "total_limit", "currencies",
            "payees", "categories", "valid_from", "valid_until", "approval_threshold", "description", "status");

    /** The authenticated caller: an owner's account, or an agent (its account and id). */
    record Caller(String accountId, String agentId) {}

    private final OwnerAuth ownerAuth;
    private final Purser purser;
    private final Mandates mandates;
    private final RouteTable<Caller> routes;

    public MandatesApi(Purser purser) {
        this.purser = purser;
        this.ownerAuth = new OwnerAuth(purser);
        this.mandates = new Mandates(purser.dynamo(), purser.table(), purser.clock());
        this.routes = RouteTable.<Caller>of(LambdaFunction.MANDATES)
                .on(Route.MANDATE_CREATE, (c, r) -> {
                    ObjectNode body = OwnerBody.object(r, FIELDS);
                    if (body.has("status")) throw OwnerErrors.invalid("status", "is set by PUT only");
                    return render(201, mandates.create(owner(c), terms(body)));
                })
                .on(Route.MANDATE_LIST, (c, r) -> list(owner(c), r))
                .on(Route.MANDATE_GET, (c, r) -> HttpResponse.json(200, mandates.state(owner(c), r.pathParameter("mandate_id"))
                        .orElseThrow(MandatesApi::notFound).view()))
                .on(Route.MANDATE_PUT, (c, r) -> {
                    ObjectNode body = OwnerBody.object(r, FIELDS);
                    String status = OwnerBody.oneOf(body, "status", STATUSES);
                    return render(200, mandates.update(owner(c), r.pathParameter("mandate_id"), terms(body),
                            status == null ? null : MandateStatus.fromWire(status)));
                })
                .on(Route.MANDATE_EXECUTION_TOKEN, this::issue)
                .build();
    }

    public HttpResponse handle(HttpRequest request) {
        return Endpoints.handle(request, r -> routes.serve(caller(r), r));
    }

    private Caller caller(HttpRequest request) {
        String header = request.header("authorization").orElse(null);
        if (header != null && header.startsWith("Bearer agt_")) {
            var ctx = purser.reader().read(Secrets.sha256Hex(header.substring("Bearer ".length())), purser.now(), false, null);
            AgentDenial.of(ctx).ifPresent(d -> {
                throw AgentAuth.denied(d);
            });
            return new Caller(ctx.account().id(), ctx.agent().id());
        }
        return new Caller(ownerAuth.authenticate(request).accountId(), null);
    }

    private static String owner(Caller c) {
        if (c.agentId() != null) throw ApiError.coded(403, "owner_only", "Mandates are managed with an owner key");
        return c.accountId();
    }

    /** {@code GET /v1/mandates?agent=&status=&limit=&cursor=}: newest first, with running totals. */
    private HttpResponse list(String accountId, HttpRequest request) {
        String agent = request.queryParam("agent").or(() -> request.queryParam("agent_id")).orElse(null);
        if (agent != null && (agent.isBlank() || agent.length() > 100)) throw OwnerErrors.invalid("agent", "is not an agent id");
        String status = request.queryParam("status").orElse(null);
        if (status != null && !STATUSES.contains(status)) {
            throw OwnerErrors.invalid("status", "must be active or revoked");
        }
        int limit = OwnerQuery.limit(request, 50);
        Mandates.Page page;
        try {
            page = mandates.list(accountId, agent, status == null ? null : MandateStatus.fromWire(status), limit, request.queryParam("cursor").orElse(null));
        } catch (PageCursor.Invalid e) {
            throw OwnerErrors.invalid("cursor", "is not a valid cursor for this list");
        }
        ObjectNode out = Json.object();
        var list = out.putArray("mandates");
        for (MandateState m : page.mandates()) list.add(m.view());
        out.put("next_cursor", page.next());
        return HttpResponse.json(200, out);
    }

    private HttpResponse issue(Caller c, HttpRequest request) {
        ObjectNode body = OwnerBody.object(request, Set.of("action", "audience", "ttl_seconds"));
        String action = OwnerBody.oneOf(body, "action", Set.copyOf(MandateTerms.ACTIONS));
        if (action == null) throw OwnerErrors.invalid("action", "is required");
        String audience = OwnerBody.requiredText(body, "audience", 500);
        long ttl = 300;
        JsonNode t = body.get("ttl_seconds");
        if (t != null && !t.isNull()) {
            if (!t.isIntegralNumber() || t.longValue() < 1 || t.longValue() > Mandates.MAX_TOKEN_TTL.toSeconds()) {
                throw OwnerErrors.invalid("ttl_seconds", "must be an integer from 1 to 300");
            }
            ttl = t.longValue();
        }
        MandateResult r = mandates.issueToken(c.accountId(), c.agentId(), request.pathParameter("mandate_id"), action,
                audience, Duration.ofSeconds(ttl));
        if (r instanceof MandateResult.Issued issued) {
            ObjectNode o = issued.token().view();
            o.put("token", issued.secret());
            return HttpResponse.json(201, o);
        }
        return render(201, r);
    }

    private HttpResponse render(int status, MandateResult r) {
        if (r instanceof MandateResult.Done d) {
            // The same shape as GET: the signed version with its running total (read after the write).
            Mandate m = d.mandate();
            return HttpResponse.json(status, mandates.state(m.accountId(), m.id()).orElse(new MandateState(m, 0, 0)).view());
        }
        if (r instanceof MandateResult.NotFound) throw notFound();
        if (r instanceof MandateResult.NoSuchAgent) throw OwnerErrors.invalid("agent", "is not an agent of this account");
        if (r instanceof MandateResult.Invalid i) throw OwnerErrors.invalid(i.field(), i.message());
        if (r instanceof MandateResult.NotUsable n) throw OwnerErrors.conflict("mandate_not_usable", n.reason());
        throw ApiError.coded(503, "contended", "Concurrent changes; retry");
    }

    private static ApiError notFound() {
        return OwnerErrors.notFound("mandate_not_found", "Mandate not found");
    }

    private static MandateTerms terms(ObjectNode body) {
        String agent = OwnerBody.requiredText(body, "agent", 100);
        List<String> actions = strings(body, "actions", 3, 10);
        if (actions.isEmpty()) throw OwnerErrors.invalid("actions", "is required (one or more of payment, payout, x402)");
        for (String a : actions) {
            if (!MandateTerms.ACTIONS.contains(a)) throw OwnerErrors.invalid("actions", "must contain only payment, payout, x402");
        }
        List<String> currencies = new ArrayList<>();
        for (String cur : strings(body, "currencies", 20, 3)) {
            String up = cur.toUpperCase(Locale.ROOT);
            if (!Currencies.isSupported(up)) throw OwnerErrors.invalid("currencies", "contains an unsupported currency: " + cur);
            currencies.add(up);
        }
        List<String> payees = strings(body, "payees", 100, 253);
        for (String p : payees) {
            try {
                MerchantPattern.of(p);
            } catch (RuntimeException e) {
                throw OwnerErrors.invalid("payees", "contains an invalid pattern: " + p);
            }
        }
        List<String> categories = strings(body, "categories", 100, 100);
        Long perUse = OwnerBody.amount(body, "per_use_limit");
        Long total = OwnerBody.amount(body, "total_limit");
        if (perUse != null && total != null && perUse > total) {
            throw OwnerErrors.invalid("per_use_limit", "must not exceed total_limit");
        }
        Instant from = instant(body, "valid_from");
        Instant until = instant(body, "valid_until");
        if (from != null && until != null && !from.isBefore(until)) throw OwnerErrors.invalid("valid_until", "must be after valid_from");
        return new MandateTerms(agent, actions, perUse, total, currencies, payees, categories, from, until,
                OwnerBody.amount(body, "approval_threshold"), OwnerBody.text(body, "description", 500));
    }

    private static List<String> strings(ObjectNode body, String field, int maxItems, int maxLength) {
        JsonNode v = body.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) return out;
        if (!v.isArray() || v.size() > maxItems) throw OwnerErrors.invalid(field, "must be a list of at most " + maxItems + " strings");
        for (JsonNode x : v) {
            if (!x.isTextual() || x.textValue().isBlank() || x.textValue().length() > maxLength) {
                throw OwnerErrors.invalid(field, "must contain non-blank strings of at most " + maxLength + " characters");
            }
            out.add(x.textValue());
        }
        return out;
    }

    private static Instant instant(ObjectNode body, String field) {
        String v = OwnerBody.text(body, field, 40);
        if (v == null) return null;
        try {
            return Times.micros(java.time.OffsetDateTime.parse(v).toInstant());
        } catch (RuntimeException e) {
            throw OwnerErrors.invalid(field, "must be an ISO 8601 date-time with offset");
        }
    }
}
