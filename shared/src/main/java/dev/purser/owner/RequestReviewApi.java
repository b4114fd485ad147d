package dev.purser.owner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.config.Purser;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.requests.PurchaseRequest;
import dev.purser.requests.RequestQueries;
import dev.purser.requests.RequestStatus;
import dev.purser.requests.RequestViews;
import dev.purser.requests.Transition;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Owner review of purchase requests: list, get, approve, reject. Every transition goes through
 * {@link dev.purser.requests.RequestLifecycle}, whose conditional transaction makes an approve,
 * a reject, a one-click link and the expiry sweep agree on exactly one outcome. The one-click
 * link routes (same Lambda function) are served by {@link ActionLinkPages}.
 */
public final class RequestReviewApi {
    static final int REASON_MAX = 1000;

    private final Purser purser;
    private final OwnerAuth auth;
    private final ActionLinkPages links;
    private final RouteTable<Void> routes;

    public RequestReviewApi(Purser purser) {
        this.purser = purser;
        this.auth = new OwnerAuth(purser);
        this.links = new ActionLinkPages(purser);
        // One-click links carry their own signed token; every other route is the owner's.
        PendingTransactionsApi transactions = new PendingTransactionsApi(purser, auth);
        this.routes = transactions.register(RouteTable.<Void>of(LambdaFunction.REQUEST_REVIEW))
                .on(Route.ACTION_LINK_PAGE, (none, request) -> links.page(request))
                .on(Route.ACTION_LINK_PERFORM, (none, request) -> links.perform(request))
                .on(Route.OWNER_LIST_REQUESTS, (none, request) -> list(auth.authenticate(request), request))
                .on(Route.OWNER_GET_REQUEST, (none, request) ->
                        HttpResponse.json(200, RequestViews.owner(owned(auth.authenticate(request), request))))
                .on(Route.OWNER_APPROVE_REQUEST, (none, request) -> approve(auth.authenticate(request), request))
                .on(Route.OWNER_REJECT_REQUEST, (none, request) -> reject(auth.authenticate(request), request))
                .build();
    }

    public HttpResponse handle(HttpRequest request) {
        return routes.serve(null, request);
    }

    private HttpResponse list(OwnerContext owner, HttpRequest request) {
        String status = request.queryParam("status").orElse(null);
        if (status != null) {
            try {
                RequestStatus.fromWire(status);
            } catch (IllegalArgumentException e) {
                throw OwnerErrors.invalid("status",
                        "must be one of pending, auto_approved, approved, rejected, expired, completed, failed");
            }
        }
        String agentId = request.queryParam("agent_id").orElse(null);
        int limit = OwnerQuery.limit(request, 50);
        var start = Cursors.decode(request.queryParam("cursor").orElse(null), TableDefinition.GSI2_PK,
                Keys.accountRequests(owner.accountId()));
        RequestQueries.Page page = purser.queries().search(owner.accountId(), search(request, status, agentId), limit, start);
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("requests");
        page.requests().forEach(r -> list.add(RequestViews.owner(r)));
        out.put("next_cursor", Cursors.encode(page.next()));
        return HttpResponse.json(200, out);
    }

    /**
     * The history search's filters: {@code from} / {@code to} (a UTC date, {@code to} inclusive of
     * its day, or an ISO-8601 instant, exclusive), {@code min_amount} / {@code max_amount} (decimal,
     * inclusive) and {@code merchant} (case-insensitive substring, at most 200 characters).
     */
    private static RequestQueries.Search search(HttpRequest request, String status, String agentId) {
        Instant from = instant(request, "from", false);
        Instant to = instant(request, "to", true);
        if (from != null && to != null && !from.isBefore(to)) throw OwnerErrors.invalid("to", "must be after from");
        Long min = amount(request, "min_amount");
        Long max = amount(request, "max_amount");
        if (min != null && max != null && min > max) throw OwnerErrors.invalid("max_amount", "must not be below min_amount");
        String merchant = request.queryParam("merchant").map(String::trim).filter(m -> !m.isEmpty()).orElse(null);
        if (merchant != null && merchant.length() > 200) throw OwnerErrors.invalid("merchant", "must be at most 200 characters");
        return new RequestQueries.Search(status, agentId, from, to, min, max, merchant);
    }

    private static Instant instant(HttpRequest request, String name, boolean endOfDay) {
        String v = request.queryParam(name).map(String::trim).filter(x -> !x.isEmpty()).orElse(null);
        if (v == null) return null;
        try {
            if (v.length() == 10) {
                LocalDate day = LocalDate.parse(v);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException e) {
            throw OwnerErrors.invalid(name, "must be a date (YYYY-MM-DD) or an ISO-8601 date-time with an offset");
        }
    }

    private static Long amount(HttpRequest request, String name) {
        String v = request.queryParam(name).map(String::trim).filter(x -> !x.isEmpty()).orElse(null);
        if (v == null) return null;
        if (!v.matches("\\d{1,7}(\\.\\d{1,2})?")) throw OwnerErrors.invalid(name, "must be an amount ≥ 0 with at most 2 decimals");
        return Money.toMinor(new BigDecimal(v));
    }

    /** The caller's request, lazily expired if it is pending past its expiry; 404 otherwise. */
    private PurchaseRequest owned(OwnerContext owner, HttpRequest request) {
        String id = OwnerQuery.id(request, "request_id", "request_not_found", "Request not found");
        PurchaseRequest r = purser.lifecycle().get(id);
        if (r == null || !r.accountId().equals(owner.accountId())) {
            throw OwnerErrors.notFound("request_not_found", "Request not found");
        }
        return purser.lifecycle().expireIfDue(r, purser.now());
    }

    private HttpResponse approve(OwnerContext owner, HttpRequest request) {
        String id = OwnerQuery.id(request, "request_id", "request_not_found", "Request not found");
        return answer(purser.lifecycle().approve(owner.accountId(), id, purser.now()));
    }

    private HttpResponse reject(OwnerContext owner, HttpRequest request) {
        String id = OwnerQuery.id(request, "request_id", "request_not_found", "Request not found");
        ObjectNode body = OwnerBody.optionalObject(request, Set.of("reason"));
        String reason = OwnerBody.text(body, "reason", REASON_MAX);
        return answer(purser.lifecycle().reject(owner.accountId(), id, reason, purser.now()));
    }

    /** Done → 200 with the request; the other outcomes → their errors. */
    static HttpResponse answer(Transition t) {
        if (t instanceof Transition.Done d) return HttpResponse.json(200, RequestViews.owner(d.request()));
        if (t instanceof Transition.NotFound) throw OwnerErrors.notFound("request_not_found", "Request not found");
        // Expired by this call or earlier (the sweep, a read): the same answer either way.
        PurchaseRequest r = t instanceof Transition.Expired e ? e.request() : ((Transition.WrongStatus) t).request();
        if (r.status() == RequestStatus.EXPIRED) {
            throw OwnerErrors.conflict("request_expired", "Request has expired; its hold was released");
        }
        throw OwnerErrors.conflict("request_not_pending", "Request is already " + r.status().wire());
    }
}
