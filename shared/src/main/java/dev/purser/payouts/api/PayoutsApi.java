package dev.purser.payouts.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.http.ApiError;
import dev.purser.http.HttpRequest;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.http.HttpResponse;
import dev.purser.json.Json;
import dev.purser.owner.OwnerBody;
import dev.purser.payouts.PayoutStatus;
import dev.purser.wallets.api.MoneyHttp;
import dev.purser.money.Money;
import dev.purser.owner.OwnerErrors;
import dev.purser.payouts.Destination;
import dev.purser.payouts.DestinationParser;
import dev.purser.payouts.Payout;
import dev.purser.payouts.PayoutOutcome;
import dev.purser.payouts.PayoutService;
import dev.purser.payouts.PayoutViews;
import dev.purser.wallets.Caller;
import dev.purser.wallets.Callers;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /v1/payouts}: create, list ({@code ?status=}), get; and the owner's payout controls
 * ({@code /v1/account/payout-destinations}, {@code /v1/account/payout-settings}).
 */
public final class PayoutsApi {
    static final Set<String> STATUSES = Arrays.stream(PayoutStatus.values()).map(PayoutStatus::wire).collect(Collectors.toSet());

    private final PayoutService payouts;
    private final Callers callers;

    private final RouteTable<Caller> routes;

    public PayoutsApi(PayoutService payouts, Callers callers) {
        this.payouts = payouts;
        this.callers = callers;
        this.routes = RouteTable.<Caller>of(LambdaFunction.PAYOUTS)
                .on(Route.CREATE_PAYOUT, this::create)
                .on(Route.LIST_PAYOUTS, this::list)
                .on(Route.GET_PAYOUT, this::get)
                .on(Route.LIST_PAYOUT_DESTINATIONS, this::listDestinations)
                .on(Route.APPROVE_PAYOUT_DESTINATION, this::approveDestination)
                .on(Route.REMOVE_PAYOUT_DESTINATION, this::removeDestination)
                .on(Route.GET_PAYOUT_SETTINGS, this::settings)
                .on(Route.PATCH_PAYOUT_SETTINGS, this::patchSettings)
                .build();
    }

    public HttpResponse handle(HttpRequest request) {
        return routes.serve(MoneyHttp.authenticate(callers, request), request);
    }

    private HttpResponse get(Caller caller, HttpRequest request) {
        Payout p = payouts.visible(caller, MoneyHttp.pathId(request, "payout_id", "payout"));
        if (p == null) throw MoneyHttp.notFound("payout");
        return HttpResponse.json(200, PayoutViews.payout(p));
    }

    private HttpResponse create(Caller caller, HttpRequest request) {
        ObjectNode body = MoneyHttp.body(request, Set.of("from_wallet_id", "amount", "currency", "destination_type",
                "destination", "description", "idempotency_key"), false);
        String wallet = OwnerBody.requiredText(body, "from_wallet_id", 100);
        long amount = MoneyHttp.positiveAmount(body, "amount");
        String currency = OwnerBody.text(body, "currency", 3);
        Destination destination = destination(body);
        PayoutOutcome o = payouts.create(caller, wallet, amount, currency, destination,
                DestinationParser.id(destination, body.get("destination")), OwnerBody.text(body, "description", 500),
                MoneyHttp.idempotencyKey(request, body), MoneyHttp.fingerprint(request, body));
        if (o instanceof PayoutOutcome.Created c) return HttpResponse.json(201, PayoutViews.payout(c.payout()));
        if (o instanceof PayoutOutcome.Replayed r) return MoneyHttp.replay(r.response());
        throw refusal(o);
    }

    private static Destination destination(ObjectNode body) {
        try {
            return DestinationParser.parse(OwnerBody.text(body, "destination_type", 20), body.get("destination"));
        } catch (Destination.Invalid e) {
            throw OwnerErrors.invalid(e.errors());
        }
    }

    private static ApiError refusal(PayoutOutcome o) {
        if (o instanceof PayoutOutcome.PolicyRejected p) {
            ObjectNode b = Json.object().put("detail", "Payout denied by policy (" + p.heldBy() + ")").put("code", MoneyHttp.AP_POLICY)
                    .put("held_by", p.heldBy());
            b.set("policy_check", Json.parseTrusted(p.policyCheckJson()));
            return new ApiError(403, b);
        }
        if (o instanceof PayoutOutcome.AgentPayoutsOff) {
            return ApiError.coded(403, "agent_payouts_disabled", "The account's owner has turned agent payouts off");
        }
        if (o instanceof PayoutOutcome.Forbidden f) return ApiError.coded(403, "forbidden", f.detail());
        if (o instanceof PayoutOutcome.RateLimited r) return ApiError.coded(429, MoneyHttp.AP_RATE, r.detail());
        if (o instanceof PayoutOutcome.Invalid i) return OwnerErrors.invalid(i.field(), i.message());
        if (o instanceof PayoutOutcome.InsufficientFunds i) {
            return new ApiError(402, Json.object().put("detail", "Insufficient funds: available " + Money.plain(i.available())
                    + ", needed " + Money.plain(i.needed())).put("code", MoneyHttp.AP_WALLET));
        }
        if (o instanceof PayoutOutcome.CurrencyMismatch m) {
            return OwnerErrors.invalid("currency", "must be the wallet's currency " + m.walletCurrency() + "; nothing converts");
        }
        if (o instanceof PayoutOutcome.SettlementNotConfigured s) {
            return new ApiError(422, Json.object().put("detail", "No settlement connector is registered for " + s.rail())
                    .put("code", "SETTLEMENT_NOT_CONFIGURED").put("field", "destination_type"));
        }
        if (o instanceof PayoutOutcome.IdempotencyKeyReused) {
            return ApiError.coded(422, "idempotency_key_reused", "Idempotency-Key was already used with a different request body");
        }
        return new ApiError(404, Json.object().put("detail", "Wallet not found: from_wallet_id").put("code", MoneyHttp.AP_WALLET)
                .put("field", "from_wallet_id"));
    }

    private static String owner(Caller caller) {
        if (!(caller instanceof Caller.OwnerCaller)) {
            throw ApiError.coded(403, "owner_only", "Only the account's owner manages payout destinations and settings");
        }
        return caller.accountId();
    }

    private HttpResponse listDestinations(Caller caller, HttpRequest request) {
        String account = owner(caller);
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("destinations");
        payouts.destinations().list(account).forEach(list::add);
        return HttpResponse.json(200, out);
    }

    private HttpResponse approveDestination(Caller caller, HttpRequest request) {
        String account = owner(caller);
        ObjectNode body = MoneyHttp.body(request, Set.of("destination_type", "destination"), false);
        Destination d = destination(body);
        return HttpResponse.json(201, payouts.destinations().approve(account, DestinationParser.id(d, body.get("destination")), d,
                payouts.now()));
    }

    private HttpResponse removeDestination(Caller caller, HttpRequest request) {
        String account = owner(caller);
        String id = MoneyHttp.pathId(request, "destination_id", "payout_destination");
        if (!payouts.destinations().remove(account, id)) throw MoneyHttp.notFound("payout_destination");
        return HttpResponse.json(200, Json.object().put("destination_id", id).put("removed", true));
    }

    private HttpResponse settings(Caller caller, HttpRequest request) {
        return HttpResponse.json(200, Json.object().put("agent_payouts", payouts.destinations().agentPayouts(owner(caller))));
    }

    private HttpResponse patchSettings(Caller caller, HttpRequest request) {
        String account = owner(caller);
        ObjectNode body = MoneyHttp.body(request, Set.of("agent_payouts"), false);
        JsonNode on = body.get("agent_payouts");
        if (on == null || !on.isBoolean()) throw OwnerErrors.invalid("agent_payouts", "must be true or false");
        payouts.destinations().setAgentPayouts(account, on.booleanValue(), payouts.now());
        return HttpResponse.json(200, Json.object().put("agent_payouts", on.booleanValue()));
    }

    private HttpResponse list(Caller caller, HttpRequest request) {
        String status = request.queryParam("status").orElse(null);
        if (status != null && !STATUSES.contains(status)) throw OwnerErrors.invalid("status", "must be one of " + STATUSES);
        var page = MoneyHttp.page(() -> payouts.list(caller, status, MoneyHttp.limit(request),
                request.queryParam("cursor").orElse(null)));
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("payouts");
        for (Payout p : page.payouts()) list.add(PayoutViews.payout(p));
        out.put("next_cursor", page.next());
        return HttpResponse.json(200, out);
    }
}
