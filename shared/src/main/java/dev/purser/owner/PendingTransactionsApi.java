package dev.purser.owner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.config.Purser;
import dev.purser.http.ApiError;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.requests.PurchaseRequest;
import dev.purser.requests.RequestQueries;
import dev.purser.requests.RequestStatus;
import dev.purser.requests.Transition;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.Set;

/**
 * ShadowPay's approval queue (seed 001) over Purser's review flow: a "transaction" is a purchase
 * request, {@code transaction_id} its request id. {@code GET /v1/agents/transactions/pending}
 * lists the account's pending requests not yet past their expiry; approve and reject are the very
 * same {@link dev.purser.requests.RequestLifecycle} transitions as {@code /v1/requests/{id}/…}
 * (one conditional transaction, the same hold release or conversion, the same expiry), answered
 * with the seed's codes: {@code 404 transaction_not_found} when the caller has no PENDING request
 * of that id (unknown, another account's, or already decided), {@code 409 transaction_expired}
 * when its approval window has passed (its hold is released in the same transaction).
 */
final class PendingTransactionsApi {
    private final Purser purser;
    private final OwnerAuth auth;

    PendingTransactionsApi(Purser purser, OwnerAuth auth) {
        this.purser = purser;
        this.auth = auth;
    }

    RouteTable.Builder<Void> register(RouteTable.Builder<Void> table) {
        return table.on(Route.OWNER_PENDING_TRANSACTIONS, (none, request) -> pending(auth.authenticate(request), request))
                .on(Route.OWNER_APPROVE_TRANSACTION, (none, request) -> approve(auth.authenticate(request), request))
                .on(Route.OWNER_REJECT_TRANSACTION, (none, request) -> reject(auth.authenticate(request), request));
    }

    private HttpResponse pending(OwnerContext owner, HttpRequest request) {
        int limit = OwnerQuery.limit(request, 50);
        var start = Cursors.decode(request.queryParam("cursor").orElse(null), TableDefinition.GSI2_PK,
                Keys.accountRequests(owner.accountId()));
        RequestQueries.Page page = purser.queries().byAccount(owner.accountId(), RequestStatus.PENDING.wire(), null, limit, start);
        Instant now = purser.now();
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("pending");
        for (PurchaseRequest r : page.requests()) {
            // Past its expiry a request can no longer be approved; the sweep releases it shortly.
            if (r.expiresAt() != null && !r.expiresAt().isAfter(now)) continue;
            list.add(view(r));
        }
        out.put("next_cursor", Cursors.encode(page.next()));
        return HttpResponse.json(200, out);
    }

    private HttpResponse approve(OwnerContext owner, HttpRequest request) {
        String id = id(request);
        return answer(id, purser.lifecycle().approve(owner.accountId(), id, purser.now()));
    }

    private HttpResponse reject(OwnerContext owner, HttpRequest request) {
        String id = id(request);
        ObjectNode body = OwnerBody.optionalObject(request, Set.of("reason"));
        String reason = OwnerBody.text(body, "reason", RequestReviewApi.REASON_MAX);
        return answer(id, purser.lifecycle().reject(owner.accountId(), id, reason, purser.now()));
    }

    private static String id(HttpRequest request) {
        return OwnerQuery.id(request, "transaction_id", "transaction_not_found", "No pending transaction found for the given ID");
    }

    private static HttpResponse answer(String id, Transition t) {
        if (t instanceof Transition.Done d) return HttpResponse.json(200, view(d.request()));
        if (t instanceof Transition.NotFound) {
            throw ApiError.coded(404, "transaction_not_found", "No pending transaction found for the given ID");
        }
        PurchaseRequest r = t instanceof Transition.Expired e ? e.request() : ((Transition.WrongStatus) t).request();
        if (r.status() == RequestStatus.EXPIRED) {
            throw ApiError.coded(409, "transaction_expired", "The approval window for this transaction has passed; its hold was released");
        }
        throw ApiError.coded(404, "transaction_not_found",
                "No pending transaction found for the given ID (it is already " + r.status().wire() + ")");
    }

    /** The seed's fields, plus Purser's amount, status and times (the seed hides amounts only because it encrypts them). */
    static ObjectNode view(PurchaseRequest r) {
        ObjectNode o = Json.object();
        o.put("transaction_id", r.id());
        o.put("agent", r.agentId());
        o.put("to", r.merchantName());
        o.put("status", r.status().wire());
        o.put("amount", Money.plain(r.amount()));
        o.put("currency", r.currency());
        o.put("category", r.category());
        o.put("description", r.description());
        o.put("requested_at", Times.wire(r.createdAt()));
        o.put("expires_at", Times.wire(r.expiresAt()));
        o.put("reviewed_at", Times.wire(r.reviewedAt()));
        o.put("review_reason", r.reviewReason());
        return o;
    }
}
