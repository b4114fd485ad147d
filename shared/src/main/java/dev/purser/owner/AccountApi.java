package dev.purser.owner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.accounts.Account;
import dev.purser.accounts.AccountStore;
import dev.purser.accounts.OwnerKeys;
import dev.purser.config.Purser;
import dev.purser.events.EventType;
import dev.purser.events.Outbox;
import dev.purser.http.ApiError;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.json.Json;
import dev.purser.money.Currencies;
import dev.purser.time.Times;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * {@code /v1/account}: settings, the kill switch and owner keys; categories and budget rules are
 * delegated to {@link CategoriesApi} and {@link BudgetRulesApi} (same Lambda function).
 */
public final class AccountApi {
    static final int NAME_MAX = 200;

    private final Purser purser;
    private final OwnerAuth auth;
    private final AccountStore accounts;
    private final OwnerKeys keys;
    private final Outbox outbox;
    private final CategoriesApi categories;
    private final BudgetRulesApi rules;
    private final RouteTable<OwnerContext> routes;

    public AccountApi(Purser purser) {
        this.purser = purser;
        this.accounts = new AccountStore(purser.dynamo(), purser.table());
        this.keys = new OwnerKeys(purser.dynamo(), purser.table(), accounts);
        this.auth = new OwnerAuth(keys, purser.throttles());
        this.outbox = new Outbox(purser.table());
        this.categories = new CategoriesApi(purser, accounts);
        this.rules = new BudgetRulesApi(purser, accounts);
        RouteTable.Builder<OwnerContext> table = RouteTable.<OwnerContext>of(LambdaFunction.OWNER_ACCOUNT)
                .on(Route.OWNER_GET_ACCOUNT, (owner, request) -> HttpResponse.json(200, view(load(owner))))
                .on(Route.OWNER_PATCH_ACCOUNT, this::patch)
                .on(Route.OWNER_KILL_SWITCH, this::killSwitch)
                .on(Route.OWNER_LIST_KEYS, (owner, request) -> listKeys(owner))
                .on(Route.OWNER_CREATE_KEY, this::createKey)
                .on(Route.OWNER_REVOKE_KEY, this::revokeKey);
        categories.register(table);
        rules.register(table);
        this.routes = table.build();
    }

    public HttpResponse handle(HttpRequest request) {
        return routes.serve(auth.authenticate(request), request);
    }

    private Account load(OwnerContext owner) {
        Account a = accounts.get(owner.accountId());
        // The key outlived its account (never happens through the API): same answer as a bad key.
        if (a == null) throw ApiError.coded(401, "unauthorized", "Invalid owner key");
        return a;
    }

    private HttpResponse patch(OwnerContext owner, HttpRequest request) {
        ObjectNode body = OwnerBody.object(request, Set.of("name", "currency", "timezone", "request_expiry_minutes"));
        String name = OwnerBody.text(body, "name", NAME_MAX);
        String currency = currency(body.get("currency"));
        String timezone = timezone(body.get("timezone"));
        Integer expiry = expiryMinutes(body.get("request_expiry_minutes"));
        load(owner);
        Account saved = accounts.update(owner.accountId(), a -> a.withSettings(
                name != null ? name : a.name(),
                currency != null ? currency : a.currency(),
                timezone != null ? timezone : a.timezone(),
                expiry != null ? expiry : a.requestExpiryMinutes()), purser.now());
        return HttpResponse.json(200, view(saved));
    }

    static String currency(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() || !Currencies.isSupported(v.textValue())) {
            throw OwnerErrors.invalid("currency", "must be a supported ISO 4217 code (e.g. USD, EUR)");
        }
        return v.textValue();
    }

    static String timezone(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (v.isTextual() && v.textValue().length() <= 64) {
            try {
                return ZoneId.of(v.textValue()).getId();
            } catch (RuntimeException e) {
                // reported below
            }
        }
        throw OwnerErrors.invalid("timezone", "must be an IANA time zone such as Europe/Berlin");
    }

    private static Integer expiryMinutes(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 5 || v.intValue() > 1440) {
            throw OwnerErrors.invalid("request_expiry_minutes", "must be an integer between 5 and 1440");
        }
        return v.intValue();
    }

    /** Spec §2.8: one flag on the account; agent statuses are left as they are. */
    private HttpResponse killSwitch(OwnerContext owner, HttpRequest request) {
        ObjectNode body = OwnerBody.object(request, Set.of("paused"));
        Boolean paused = OwnerBody.bool(body, "paused");
        if (paused == null) throw OwnerErrors.invalid("paused", "is required");
        Account current = load(owner);
        if (current.allAgentsPaused() == paused) return HttpResponse.json(200, view(current));
        Account saved = accounts.update(owner.accountId(), a -> a.withKillSwitch(paused), purser.now(),
                (before, after) -> before.allAgentsPaused() == paused ? List.of()
                        : List.of(outbox.put(EventType.ACCOUNT_KILL_SWITCH, owner.accountId(),
                                Json.object().put("all_agents_paused", paused), purser.now())));
        return HttpResponse.json(200, view(saved));
    }

    private HttpResponse listKeys(OwnerContext owner) {
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("keys");
        keys.list(owner.accountId()).forEach(item -> list.add(OwnerKeys.view(item)));
        return HttpResponse.json(200, out);
    }

    private HttpResponse createKey(OwnerContext owner, HttpRequest request) {
        ObjectNode body = OwnerBody.optionalObject(request, Set.of("name"));
        String name = OwnerBody.text(body, "name", NAME_MAX);
        return HttpResponse.json(201, keys.create(owner.accountId(), name == null ? "unnamed" : name, purser.now()));
    }

    /**
     * Refuses to revoke the key making the call: an account can then never lock itself out
     * through the API (rotate by creating a new key and revoking the old one with it).
     */
    private HttpResponse revokeKey(OwnerContext owner, HttpRequest request) {
        String keyId = OwnerQuery.id(request, "key_id", "key_not_found", "Owner key not found");
        if (keyId.equals(owner.keyId())) {
            throw OwnerErrors.conflict("key_in_use", "Cannot revoke the key used for this call; use another key");
        }
        if (!keys.revoke(owner.accountId(), keyId, purser.now())) {
            throw OwnerErrors.notFound("key_not_found", "Owner key not found");
        }
        return new HttpResponse(204, java.util.Map.of(), "");
    }

    static ObjectNode view(Account a) {
        return Json.object()
                .put("account_id", a.id())
                .put("name", a.name())
                .put("currency", a.currency())
                .put("timezone", a.timezone())
                .put("request_expiry_minutes", a.requestExpiryMinutes())
                .put("all_agents_paused", a.allAgentsPaused())
                .put("created_at", Times.wire(a.createdAt()))
                .put("updated_at", Times.wire(a.updatedAt()));
    }
}
