package dev.purser.agentapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.config.Purser;
import dev.purser.http.ApiError;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.http.ValidationErrors;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.requests.AgentContext;
import dev.purser.requests.PurchaseRequest;
import dev.purser.requests.RequestViews;
import java.time.Instant;

/** The Agent API's reads: list, get (with lazy expiry), budget, policy, categories. */
public final class RequestReadsApi {
    private final Purser purser;

    private final RouteTable<Void> routes;

    public RequestReadsApi(Purser purser) {
        this.purser = purser;
        this.routes = RouteTable.<Void>of(LambdaFunction.REQUEST_READS)
                .on(Route.AGENT_LIST_REQUESTS, (none, r) -> list(r))
                .on(Route.AGENT_GET_REQUEST, (none, r) -> get(r))
                .on(Route.AGENT_GET_BUDGET, (none, r) -> budget(r))
                .on(Route.AGENT_GET_POLICY, (none, r) -> policy(r))
                .on(Route.AGENT_GET_CATEGORIES, (none, r) -> categories(r))
                .build();
    }

    public HttpResponse handle(HttpRequest request) {
        return Endpoints.handle(request, r -> routes.serve(null, r));
    }

    private AgentContext authenticate(HttpRequest request, Instant now) {
        String tokenHash = AgentAuth.tokenHash(request);
        AgentContext ctx = purser.reader().read(tokenHash, now, false, null);
        AgentAuth.check(ctx);
        return ctx;
    }

    private HttpResponse list(HttpRequest request) {
        AgentContext ctx = authenticate(request, purser.now());
        ValidationErrors errors = new ValidationErrors();
        Integer limit = QueryInts.parse(request, "limit", 20, errors);
        Integer offset = QueryInts.parse(request, "offset", 0, errors);
        if (offset != null && offset < 0) {
            errors.add("greater_than_equal", "Input should be greater than or equal to 0",
                    Json.MAPPER.getNodeFactory().textNode(request.queryParam("offset").orElse("")),
                    Json.object().put("ge", 0), "query", "offset");
        }
        errors.throwIfAny();
        int clamped = Math.max(1, Math.min(limit, 100));
        String status = request.queryParam("status").orElse(null);
        var requests = purser.queries().byAgent(ctx.agent().id(), status, clamped, offset);
        ObjectNode o = Json.object();
        ArrayNode items = o.putArray("requests");
        for (PurchaseRequest r : requests) items.add(RequestViews.agentListItem(r));
        // Upstream's "total" is the size of this page (spec §1.4); Purser keeps that meaning.
        o.put("total", requests.size());
        o.put("limit", clamped);
        o.put("offset", offset);
        return HttpResponse.json(200, o);
    }

    private HttpResponse get(HttpRequest request) {
        Instant now = purser.now();
        AgentContext ctx = authenticate(request, now);
        String id = request.pathParameter("request_id");
        PurchaseRequest r = purser.lifecycle().get(id);
        if (r == null || !r.agentId().equals(ctx.agent().id())) throw ApiError.detail(404, "Request not found");
        r = purser.lifecycle().expireIfDue(r, now);
        return HttpResponse.json(200, RequestViews.agentDetail(r));
    }

    private HttpResponse budget(HttpRequest request) {
        AgentContext ctx = authenticate(request, purser.now());
        var agent = ctx.agent();
        ObjectNode o = Json.object();
        o.put("budget", Money.plain(agent.budget()));
        o.put("spent", Money.plain(agent.spent()));
        o.put("held", Money.plain(agent.held()));
        o.put("remaining", Money.plain(agent.remaining()));
        o.put("currency", ctx.account().currency());
        return HttpResponse.json(200, o);
    }

    private HttpResponse policy(HttpRequest request) {
        AgentContext ctx = authenticate(request, purser.now());
        ObjectNode o = Json.object();
        String policy = ctx.agent().policyJson();
        o.set("policy", policy == null ? Json.MAPPER.nullNode() : Json.parseTrusted(policy));
        return HttpResponse.json(200, o);
    }

    private HttpResponse categories(HttpRequest request) {
        AgentContext ctx = authenticate(request, purser.now());
        ObjectNode o = Json.object();
        ArrayNode list = o.putArray("categories");
        ctx.account().sortedCategories().forEach(list::add);
        return HttpResponse.json(200, o);
    }
}
