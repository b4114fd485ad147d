package dev.purser.spendguard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.accounts.AccountStore;
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
import dev.purser.idempotency.StoredResponse;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.owner.Cursors;
import dev.purser.owner.OwnerAuth;
import dev.purser.owner.OwnerBody;
import dev.purser.owner.OwnerErrors;
import dev.purser.owner.OwnerQuery;
import dev.purser.requests.AgentDenial;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * SpendGuard's HTTP layer ({@code /v1/spend-guard/…}): parse, authenticate, call one service,
 * render. Two callers: an agent with its own token ({@code Bearer agt_…}, speaking for itself; a
 * body's {@code agent} must then be its own id) and the owner's backend with an owner key, naming
 * the agent. The price table is the owner's alone. Errors are the owner API's shape
 * ({@code detail}, {@code code}, {@code field} for a 422).
 */
public final class SpendGuardApi {
    static final String AGENT_TOKEN_PREFIX = "agt_";
    private static final Set<String> ATTEMPT_FIELDS = Set.of("agent", "amount", "currency", "category", "merchant", "merchant_name");
    private static final Set<String> RESERVE_FIELDS = Set.of("agent", "amount", "currency", "category", "merchant",
            "merchant_name", "expires_in");
    private static final Set<String> ESTIMATE_FIELDS = Set.of("type", "agent", "amount", "currency", "category", "merchant",
            "merchant_name", "model", "input_tokens", "output_tokens", "tool", "calls", "child_agent");

    private final Purser purser;
    private final OwnerAuth ownerAuth;
    private final SpendGuard guard;
    private final Reservations reservations;
    private final BudgetLeases leases;
    private final PriceTableStore prices;
    private final AccountStore accounts;
    private final RouteTable<Principal> routes;

    public SpendGuardApi(Purser purser) {
        this.purser = purser;
        this.ownerAuth = new OwnerAuth(purser);
        this.prices = new PriceTableStore(purser.dynamo(), purser.table());
        this.accounts = new AccountStore(purser.dynamo(), purser.table());
        this.guard = new SpendGuard(new AgentResolver(purser.reader()), prices, purser.clock());
        this.reservations = new Reservations(purser.dynamo(), purser.table(), purser.reader(), purser.clock());
        this.leases = new BudgetLeases(purser.dynamo(), purser.table(), purser.reader(), purser.clock());
        BudgetLeasesApi leasesApi = new BudgetLeasesApi(leases);
        this.routes = RouteTable.<Principal>of(LambdaFunction.SPEND_GUARD)
                .on(Route.SG_ESTIMATE, this::estimate)
                .on(Route.SG_AUTHORIZE, this::authorize)
                .on(Route.SG_CREATE_RESERVATION, this::reserve)
                .on(Route.SG_LIST_RESERVATIONS, this::list)
                .on(Route.SG_GET_RESERVATION, this::get)
                .on(Route.SG_CAPTURE_RESERVATION, this::capture)
                .on(Route.SG_RELEASE_RESERVATION, this::release)
                .on(Route.SG_USAGE_SUMMARY, this::summary)
                .on(Route.SG_GET_PRICE_TABLE, this::getPrices)
                .on(Route.SG_PUT_PRICE_TABLE, this::putPrices)
                .on(Route.SG_CREATE_LEASE, leasesApi::create)
                .on(Route.SG_LIST_LEASES, leasesApi::list)
                .on(Route.SG_GET_LEASE, leasesApi::get)
                .on(Route.SG_RELEASE_LEASE, leasesApi::release)
                .build();
    }

    public Reservations reservations() {
        return reservations;
    }

    public BudgetLeases leases() {
        return leases;
    }

    public HttpResponse handle(HttpRequest request) {
        return Endpoints.handle(request, r -> routes.serve(principal(r), r));
    }

    private Principal principal(HttpRequest request) {
        String header = request.header("authorization").orElse(null);
        if (header != null && header.startsWith("Bearer " + AGENT_TOKEN_PREFIX)) {
            return Principal.agent(Secrets.sha256Hex(header.substring("Bearer ".length())));
        }
        return Principal.owner(ownerAuth.authenticate(request).accountId());
    }

    // --- estimate / authorize -------------------------------------------------------------

    private HttpResponse authorize(Principal p, HttpRequest request) {
        ObjectNode body = OwnerBody.object(request, ATTEMPT_FIELDS);
        return render(guard.authorize(p, attempt(body)));
    }

    private HttpResponse estimate(Principal p, HttpRequest request) {
        ObjectNode body = OwnerBody.object(request, ESTIMATE_FIELDS);
        String type = OwnerBody.oneOf(body, "type", Set.of("payment", "token", "tool", "delegation"));
        if (type == null) throw OwnerErrors.invalid("type", "is required");
        String agent = OwnerBody.text(body, "agent", 100);
        String category = OwnerBody.text(body, "category", 100);
        Estimate e = switch (type) {
            case "payment" -> {
                Attempt a = attempt(body);
                yield new Estimate.Payment(agent, a.amountMinor(), a.currency(), a.category(), a.merchant());
            }
            case "token" -> new Estimate.Tokens(agent, OwnerBody.requiredText(body, "model", 200),
                    count(body, "input_tokens", 0, PriceTable.MAX_TOKENS, null),
                    count(body, "output_tokens", 0, PriceTable.MAX_TOKENS, null), category);
            case "tool" -> new Estimate.Tool(agent, OwnerBody.requiredText(body, "tool", 200),
                    count(body, "calls", 1, 1_000_000, 1L), category);
            default -> new Estimate.Delegation(agent, positiveAmount(body, "amount"), OwnerBody.text(body, "child_agent", 100));
        };
        return render(guard.estimate(p, e));
    }

    private HttpResponse render(GuardResult r) {
        if (r instanceof GuardResult.Answered a) return HttpResponse.json(200, a.body());
        if (r instanceof GuardResult.Refused refused) throw refusal(refused.why());
        if (r instanceof GuardResult.CurrencyMismatch m) throw currencyMismatch(m.expected());
        GuardResult.UnknownPrice u = (GuardResult.UnknownPrice) r;
        throw OwnerErrors.invalid(u.field(), "has no price in the account's price table: " + u.name());
    }

    // --- reservations ---------------------------------------------------------------------

    private HttpResponse reserve(Principal p, HttpRequest request) {
        ObjectNode body = OwnerBody.object(request, RESERVE_FIELDS);
        Attempt a = attempt(body);
        long seconds = count(body, "expires_in", 1, Reservations.MAX_EXPIRY.toSeconds(), Reservations.DEFAULT_EXPIRY.toSeconds());
        var in = new Reservations.NewReservation(a, Duration.ofSeconds(seconds));
        return render(reservations.create(p, in, body, idempotencyKey(request)));
    }

    private HttpResponse capture(Principal p, HttpRequest request) {
        ObjectNode body = OwnerBody.object(request, Set.of("amount"));
        long amount = positiveAmount(body, "amount");
        return render(reservations.capture(p, request.pathParameter("reservation_id"), amount, body, idempotencyKey(request)));
    }

    private HttpResponse release(Principal p, HttpRequest request) {
        ObjectNode body = OwnerBody.optionalObject(request, Set.of("reason"));
        OwnerBody.text(body, "reason", 500);
        return render(reservations.release(p, request.pathParameter("reservation_id"), body, idempotencyKey(request)));
    }

    private HttpResponse get(Principal p, HttpRequest request) {
        Scope scope = scope(p, null);
        var r = reservations.store().get(request.pathParameter("reservation_id"))
                .filter(x -> x.accountId().equals(scope.accountId) && (scope.agentId == null || x.agentId().equals(scope.agentId)))
                .orElseThrow(SpendGuardApi::notFound);
        return HttpResponse.json(200, r.view());
    }

    private HttpResponse list(Principal p, HttpRequest request) {
        Scope scope = scope(p, request.queryParam("agent").orElse(null));
        ReservationStatus status = null;
        String st = request.queryParam("status").orElse(null);
        if (st != null) {
            try {
                status = ReservationStatus.fromWire(st);
            } catch (IllegalArgumentException e) {
                throw OwnerErrors.invalid("status", "must be one of held, captured, released, expired");
            }
        }
        int limit = OwnerQuery.limit(request, 50);
        var start = Cursors.decode(request.queryParam("cursor").orElse(null), TableDefinition.GSI2_PK,
                Reservation.accountList(scope.accountId));
        var page = reservations.store().list(scope.accountId, scope.agentId, status,
                instant(request, "from"), instant(request, "to"), limit, start);
        ObjectNode out = Json.object();
        ArrayNode data = out.putArray("reservations");
        page.reservations().forEach(r -> data.add(r.view()));
        out.put("next_cursor", Cursors.encode(page.next()));
        return HttpResponse.json(200, out);
    }

    private HttpResponse summary(Principal p, HttpRequest request) {
        Scope scope = scope(p, request.queryParam("agent").orElse(null));
        Instant from = instant(request, "from");
        Instant to = instant(request, "to");
        if (from != null && to != null && !from.isBefore(to)) throw OwnerErrors.invalid("to", "must be after from");
        return HttpResponse.json(200, reservations.summary(scope.accountId, scope.agentId, from, to));
    }

    private HttpResponse render(ReservationResult r) {
        if (r instanceof ReservationResult.Done d) return HttpResponse.json(d.status(), d.body());
        if (r instanceof ReservationResult.Replayed replay) {
            StoredResponse s = replay.response();
            return new HttpResponse(s.statusCode(), Map.of("content-type", "application/json", "idempotent-replayed", "true"), s.body());
        }
        if (r instanceof ReservationResult.Refused refused) throw refusal(refused.why());
        if (r instanceof ReservationResult.CurrencyMismatch m) throw currencyMismatch(m.expected());
        if (r instanceof ReservationResult.ExceedsLease e) {
            ObjectNode body = Json.object().put("detail", "The agent's budget lease has " + Money.plain(
                    e.lease().remaining()) + " remaining; the amount exceeds it").put("code", "lease_exceeded");
            body.set("lease", e.lease().view());
            return HttpResponse.json(409, body);
        }
        if (r instanceof ReservationResult.NotAllowed n) {
            ObjectNode body = n.authorization().view();
            String verdict = n.authorization().verdict().wire();
            body.put("detail", n.authorization().verdict() == Verdict.DENY
                    ? "The policy denies this reservation: " + String.join("; ", texts(body.get("reasons")))
                    : "The policy requires a human approval for this amount; a reservation never waits for one "
                    + "(ask with a purchase request instead)");
            body.put("code", "reservation_" + (verdict.equals("deny") ? "denied" : "approval_required"));
            return HttpResponse.json(409, body);
        }
        if (r instanceof ReservationResult.NotFound) throw notFound();
        if (r instanceof ReservationResult.NotHeld n) {
            ObjectNode body = Json.object().put("detail", "Reservation is already " + n.current().status().wire())
                    .put("code", "reservation_not_held");
            body.set("reservation", n.current().view());
            return HttpResponse.json(409, body);
        }
        if (r instanceof ReservationResult.ExceedsReserved e) {
            throw OwnerErrors.invalid("amount", "must not exceed the reserved amount " + Money.plain(e.current().amount()));
        }
        if (r instanceof ReservationResult.KeyReused) {
            throw ApiError.coded(422, "idempotency_key_reused", "Idempotency-Key was already used for a different request");
        }
        throw ApiError.coded(503, "contended", "Too many concurrent changes to this agent's budget; retry");
    }

    // --- price table ----------------------------------------------------------------------

    private HttpResponse getPrices(Principal p, HttpRequest request) {
        String account = ownerOnly(p);
        return HttpResponse.json(200, prices.get(account).view(currency(account)));
    }

    private HttpResponse putPrices(Principal p, HttpRequest request) {
        String account = ownerOnly(p);
        ObjectNode body = OwnerBody.object(request, Set.of("models", "tools"));
        Map<String, PriceTable.ModelPrice> models = new TreeMap<>();
        JsonNode m = body.path("models");
        if (!m.isMissingNode() && !m.isObject()) throw OwnerErrors.invalid("models", "must be an object");
        var it = m.fields();
        while (it.hasNext()) {
            var e = it.next();
            String field = "models." + e.getKey();
            if (!e.getValue().isObject()) throw OwnerErrors.invalid(field, "must be an object");
            ObjectNode o = (ObjectNode) e.getValue();
            OwnerBody.onlyKnown(o, Set.of("input_per_million", "output_per_million"));
            models.put(name(e.getKey(), field), new PriceTable.ModelPrice(price(o, "input_per_million", field), price(o, "output_per_million", field)));
        }
        Map<String, Long> tools = new TreeMap<>();
        JsonNode t = body.path("tools");
        if (!t.isMissingNode() && !t.isObject()) throw OwnerErrors.invalid("tools", "must be an object");
        var ti = t.fields();
        while (ti.hasNext()) {
            var e = ti.next();
            String field = "tools." + e.getKey();
            if (!e.getValue().isObject()) throw OwnerErrors.invalid(field, "must be an object");
            ObjectNode o = (ObjectNode) e.getValue();
            OwnerBody.onlyKnown(o, Set.of("per_call"));
            tools.put(name(e.getKey(), field), price(o, "per_call", field));
        }
        if (models.size() + tools.size() > 500) throw OwnerErrors.invalid("models", "at most 500 prices");
        PriceTable table = new PriceTable(models, tools);
        prices.put(account, table, purser.now());
        return HttpResponse.json(200, table.view(currency(account)));
    }

    private String currency(String accountId) {
        var a = accounts.get(accountId);
        return a == null ? null : a.currency();
    }

    private static String name(String n, String field) {
        if (n.isBlank() || n.length() > 200) throw OwnerErrors.invalid(field, "name must be 1..200 characters");
        return n;
    }

    private static long price(ObjectNode o, String f, String prefix) {
        Long v;
        try {
            v = OwnerBody.amount(o, f);
        } catch (ApiError e) {
            throw OwnerErrors.invalid(prefix + "." + f, "must be an amount >= 0 with at most 2 decimals");
        }
        if (v == null) throw OwnerErrors.invalid(prefix + "." + f, "is required");
        if (v > PriceTable.MAX_PRICE) throw OwnerErrors.invalid(prefix + "." + f, "is too large");
        return v;
    }

    private static String ownerOnly(Principal p) {
        if (p.isAgent()) throw ApiError.coded(403, "owner_only", "The price table is managed with an owner key");
        return p.ownerAccountId();
    }

    // --- helpers --------------------------------------------------------------------------

    private record Scope(String accountId, String agentId) {}

    /** An agent sees only its own reservations; an owner its account's, optionally one agent's. */
    private Scope scope(Principal p, String agentFilter) {
        if (!p.isAgent()) return new Scope(p.ownerAccountId(), agentFilter);
        var owner = reservations.tokenOwner(p.agentTokenHash())
                .orElseThrow(() -> AgentAuth.denied(AgentDenial.INVALID_TOKEN));
        if (agentFilter != null && !agentFilter.equals(owner.agentId())) {
            throw ApiError.coded(403, "other_agent", "An agent token may only read its own reservations");
        }
        return new Scope(owner.accountId(), owner.agentId());
    }

    static Attempt attempt(ObjectNode body) {
        String agent = OwnerBody.text(body, "agent", 100);
        long amount = positiveAmount(body, "amount");
        String currency = OwnerBody.text(body, "currency", 3);
        if (currency != null) {
            currency = currency.toUpperCase(Locale.ROOT);
            if (!currency.matches("[A-Z]{3}")) throw OwnerErrors.invalid("currency", "must be a 3-letter ISO 4217 code");
        }
        String category = OwnerBody.text(body, "category", 100);
        String merchant = OwnerBody.text(body, "merchant", 200);
        if (merchant == null) merchant = OwnerBody.text(body, "merchant_name", 200);
        return new Attempt(agent, amount, currency, category, merchant);
    }

    static long positiveAmount(ObjectNode body, String field) {
        Long v = OwnerBody.amount(body, field);
        if (v == null) throw OwnerErrors.invalid(field, "is required");
        if (v <= 0) throw OwnerErrors.invalid(field, "must be greater than 0");
        return v;
    }

    private static long count(ObjectNode body, String field, long min, long max, Long fallback) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (fallback == null) throw OwnerErrors.invalid(field, "is required");
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw OwnerErrors.invalid(field, "must be an integer from " + min + " to " + max);
        }
        return v.longValue();
    }

    private static Instant instant(HttpRequest request, String param) {
        String v = request.queryParam(param).orElse(null);
        if (v == null) return null;
        try {
            if (v.length() == 10) return java.time.LocalDate.parse(v).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            return Times.micros(java.time.OffsetDateTime.parse(v).toInstant());
        } catch (RuntimeException e) {
            throw OwnerErrors.invalid(param, "must be an ISO 8601 date or date-time with offset");
        }
    }

    static String idempotencyKey(HttpRequest request) {
        String k = request.header("idempotency-key").orElse(null);
        if (k != null && (k.isBlank() || k.length() > 255)) throw OwnerErrors.invalid("Idempotency-Key", "must be 1..255 characters");
        return k;
    }

    static ApiError refusal(Resolved why) {
        if (why instanceof Resolved.Denied d) return AgentAuth.denied(d.denial());
        if (why instanceof Resolved.OtherAgent) {
            return ApiError.coded(403, "other_agent", "An agent token may only act for its own agent");
        }
        Resolved.NoSuchAgent n = (Resolved.NoSuchAgent) why;
        if (n.agentId() == null) return OwnerErrors.invalid("agent", "is required with an owner key");
        return OwnerErrors.notFound("agent_not_found", "Agent not found");
    }

    static ApiError currencyMismatch(String expected) {
        return OwnerErrors.badRequest("currency_mismatch", "currency", "The account's currency is " + expected);
    }

    private static ApiError notFound() {
        return OwnerErrors.notFound("reservation_not_found", "Reservation not found");
    }

    private static java.util.List<String> texts(JsonNode arr) {
        java.util.List<String> out = new java.util.ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }
}
