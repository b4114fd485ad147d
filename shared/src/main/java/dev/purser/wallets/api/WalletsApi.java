package dev.purser.wallets.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.http.HttpRequest;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.http.HttpResponse;
import dev.purser.json.Json;
import dev.purser.money.Currencies;
import dev.purser.money.Money;
import dev.purser.owner.OwnerBody;
import dev.purser.owner.OwnerErrors;
import dev.purser.wallets.Caller;
import dev.purser.wallets.Callers;
import dev.purser.wallets.FundOutcome;
import dev.purser.wallets.Wallet;
import dev.purser.wallets.WalletService;
import dev.purser.wallets.WalletViews;
import java.util.Set;

/**
 * {@code /v1/wallets}: create, list, get, balance, ledger lines, sandbox funding. Parses,
 * authorizes, calls {@link WalletService} and renders; another account's wallet is a 404 exactly
 * like an unknown id.
 */
public final class WalletsApi {
    private final WalletService wallets;
    private final Callers callers;
    private final RouteTable<Caller> routes;

    public WalletsApi(WalletService wallets, Callers callers) {
        this.wallets = wallets;
        this.callers = callers;
        this.routes = RouteTable.<Caller>of(LambdaFunction.WALLETS)
                .on(Route.CREATE_WALLET, this::create)
                .on(Route.LIST_WALLETS, this::list)
                .on(Route.GET_WALLET, (caller, request) -> HttpResponse.json(200, WalletViews.wallet(visible(caller, request))))
                .on(Route.GET_WALLET_BALANCE, (caller, request) -> HttpResponse.json(200, WalletViews.balance(visible(caller, request))))
                .on(Route.LIST_WALLET_TRANSACTIONS, this::lines)
                .on(Route.FUND_WALLET, this::fund)
                .build();
    }

    public HttpResponse handle(HttpRequest request) {
        return routes.serve(MoneyHttp.authenticate(callers, request), request);
    }

    private Wallet visible(Caller caller, HttpRequest request) {
        Wallet w = wallets.visible(caller, MoneyHttp.pathId(request, "wallet_id", "wallet"));
        if (w == null) throw MoneyHttp.notFound("wallet");
        return w;
    }

    private HttpResponse create(Caller caller, HttpRequest request) {
        ObjectNode body = MoneyHttp.body(request, Set.of("agent_id", "currency", "name"), true);
        String agentId = OwnerBody.text(body, "agent_id", 100);
        String currency = OwnerBody.text(body, "currency", 3);
        if (currency != null && !Currencies.isSupported(currency)) {
            throw OwnerErrors.invalid("currency", "must be a supported ISO 4217 code");
        }
        if (caller instanceof Caller.OwnerCaller && agentId == null) throw OwnerErrors.invalid("agent_id", "is required");
        String name = OwnerBody.text(body, "name", 200);
        var outcome = wallets.createFor(caller, agentId, currency, name, wallets.accountCurrency(caller.accountId()));
        if (outcome instanceof WalletService.CreateOutcome.Created c) return HttpResponse.json(201, WalletViews.wallet(c.wallet()));
        if (outcome instanceof WalletService.CreateOutcome.AgentArchived) {
            throw MoneyHttp.error(409, "agent_archived", "Agent is archived");
        }
        throw MoneyHttp.notFound("agent");
    }

    private HttpResponse list(Caller caller, HttpRequest request) {
        String agentId = caller instanceof Caller.AgentCaller a ? a.agentId() : request.queryParam("agent_id").orElse(null);
        var page = MoneyHttp.page(() -> wallets.store().list(caller.accountId(), agentId, MoneyHttp.limit(request),
                request.queryParam("cursor").orElse(null)));
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("wallets");
        for (Wallet w : page.items()) list.add(WalletViews.wallet(w));
        out.put("next_cursor", page.next());
        return HttpResponse.json(200, out);
    }

    private HttpResponse lines(Caller caller, HttpRequest request) {
        Wallet w = visible(caller, request);
        var page = MoneyHttp.page(() -> wallets.store().lines(w.id(), MoneyHttp.limit(request), request.queryParam("cursor").orElse(null)));
        ObjectNode out = Json.object();
        out.put("wallet_id", w.id());
        ArrayNode list = out.putArray("transactions");
        page.items().forEach(item -> list.add(WalletViews.line(item)));
        out.put("next_cursor", page.next());
        return HttpResponse.json(200, out);
    }

    private HttpResponse fund(Caller caller, HttpRequest request) {
        ObjectNode body = MoneyHttp.body(request, Set.of("amount", "source", "idempotency_key", "currency"), false);
        long amount = MoneyHttp.positiveAmount(body, "amount");
        String source = OwnerBody.text(body, "source", 50);
        if (source != null && !source.equals("test_faucet")) {
            throw OwnerErrors.invalid("source", "must be test_faucet (the only funding source of the sandbox)");
        }
        String walletId = MoneyHttp.pathId(request, "wallet_id", "wallet");
        String currency = OwnerBody.text(body, "currency", 3);
        if (currency != null) {
            Wallet w = wallets.visible(caller, walletId);
            if (w == null) throw MoneyHttp.notFound("wallet");
            if (!w.currency().equals(currency)) {
                throw OwnerErrors.invalid("currency", "must be the wallet's currency " + w.currency() + "; nothing converts");
            }
        }
        String key = MoneyHttp.idempotencyKey(request, body);
        var outcome = wallets.fund(caller, walletId, amount, key, MoneyHttp.fingerprint(request, body));
        if (outcome instanceof FundOutcome.Funded f) return HttpResponse.json(200, WalletViews.funded(f.wallet(), f.transferId(), f.amount()));
        if (outcome instanceof FundOutcome.Replayed r) return MoneyHttp.replay(r.response());
        if (outcome instanceof FundOutcome.NotSandbox) {
            throw MoneyHttp.error(403, "sandbox_only", "Test-faucet funding is only available when the deployment runs in sandbox mode");
        }
        if (outcome instanceof FundOutcome.AboveCallCap c) {
            throw OwnerErrors.invalid("amount", "must be at most " + Money.plain(c.max()) + " per funding call");
        }
        if (outcome instanceof FundOutcome.DailyCapReached c) {
            throw MoneyHttp.error(429, "faucet_daily_cap",
                    "This wallet reached the sandbox funding cap of " + Money.plain(c.max()) + " per day");
        }
        if (outcome instanceof FundOutcome.IdempotencyKeyReused) {
            throw MoneyHttp.error(422, "idempotency_key_reused", "Idempotency-Key was already used with a different request body");
        }
        throw MoneyHttp.notFound("wallet");
    }

}
