package dev.purser.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.agentapi.AgentAuth;
import dev.purser.http.ApiError;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.json.Json;
import dev.purser.money.Currencies;
import dev.purser.policy.Decimals;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code /v1/services}: register (provider agent), list and get (any agent). Errors are
 * {@code {"detail", "code", "field"?}} like the rest of {@code /v1}.
 */
public final class ServicesApi {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final BigDecimal MAX_PRICE = new BigDecimal("9999999");

    private final ServiceCatalog catalog;
    private final RouteTable<Void> routes;

    private final Supplier<ObjectNode> publishedKeys;

    /** @param publishedKeys the payment-token verification keys as a JWK set (x402tokens' {@code SigningKeys.jwks}) */
    public ServicesApi(ServiceCatalog catalog, Supplier<ObjectNode> publishedKeys) {
        this.catalog = catalog;
        this.publishedKeys = publishedKeys;
        this.routes = RouteTable.<Void>of(LambdaFunction.SERVICES)
                .on(Route.SERVICES_REGISTER, (c, r) -> register(r))
                .on(Route.SERVICES_LIST, (c, r) -> list(r))
                .on(Route.SERVICES_GET, (c, r) -> render(catalog.get(AgentAuth.tokenHash(r), r.pathParameter("service_id"))))
                .on(Route.X402_KEYS, (c, r) -> publishedKeys())
                .build();
    }

    /** The payment-token verification keys, JWK-shaped (RFC 8037), public: providers check tokens offline. */
    private HttpResponse publishedKeys() {
        return HttpResponse.json(200, publishedKeys.get());
    }

    public HttpResponse handle(HttpRequest request) {
        return Endpoints.handle(request, r -> routes.serve(null, r));
    }

    private HttpResponse register(HttpRequest request) {
        JsonNode raw = Endpoints.jsonBody(request);
        String tokenHash = AgentAuth.tokenHash(request);
        return render(catalog.register(tokenHash, () -> parse(raw)));
    }

    private HttpResponse list(HttpRequest request) {
        String tokenHash = AgentAuth.tokenHash(request);
        int limit = Math.max(1, Math.min(ServiceCatalog.MAX_LIMIT, intParam(request, "limit", ServiceCatalog.DEFAULT_LIMIT)));
        int offset = intParam(request, "offset", 0);
        if (offset < 0) throw invalid("offset", "must be >= 0");
        Boolean verified = null;
        String v = request.queryParam("verified").orElse(null);
        if (v != null) {
            if (!v.equals("true") && !v.equals("false")) throw invalid("verified", "must be true or false");
            verified = v.equals("true");
        }
        String category = request.queryParam("category").filter(s -> !s.isBlank()).orElse(null);
        return render(catalog.list(tokenHash, new ServiceCatalog.Filter(category, verified, limit, offset)));
    }

    private static int intParam(HttpRequest request, String name, int fallback) {
        String v = request.queryParam(name).orElse(null);
        if (v == null || v.isBlank()) return fallback;
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw invalid(name, "must be an integer");
        }
    }

    private static HttpResponse render(ServiceCatalog.Result result) {
        if (result instanceof ServiceCatalog.Result.Registered r) return HttpResponse.json(201, r.service().view());
        if (result instanceof ServiceCatalog.Result.Found f) return HttpResponse.json(200, f.service().view());
        if (result instanceof ServiceCatalog.Result.Page p) {
            ObjectNode o = Json.object();
            ArrayNode items = o.putArray("services");
            p.services().forEach(s -> items.add(s.view()));
            o.put("total", p.total());
            o.put("limit", p.limit());
            o.put("offset", p.offset());
            return HttpResponse.json(200, o);
        }
        if (result instanceof ServiceCatalog.Result.Denied d) throw AgentAuth.denied(d.denial());
        if (result instanceof ServiceCatalog.Result.NotFound) throw ApiError.coded(404, "service_not_found", "Service not found");
        if (result instanceof ServiceCatalog.Result.Taken t) {
            ObjectNode body = Json.object().put("detail", "A service with this " + t.field() + " is already registered")
                    .put("code", "service_" + t.field() + "_taken").put("field", t.field());
            throw new ApiError(409, body);
        }
        throw new IllegalStateException("unrendered result " + result);
    }

    static ApiError invalid(String field, String message) {
        ObjectNode body = Json.object().put("detail", field + " " + message).put("code", "validation_error").put("field", field);
        return new ApiError(422, body);
    }

    static NewService parse(JsonNode raw) {
        if (raw == null || !raw.isObject()) throw invalid("body", "must be a JSON object");
        String name = text(raw, "name", 1, 100, true).strip();
        if (name.isEmpty()) throw invalid("name", "must not be blank");
        String slug = text(raw, "slug", 1, 63, false);
        if (slug == null) slug = slugOf(name);
        if (!SLUG.matcher(slug).matches()) throw invalid("slug", "must match ^[a-z0-9][a-z0-9-]{0,62}$");
        String description = text(raw, "description", 0, 2000, false);
        JsonNode p = raw.get("price_per_call");
        BigDecimal price = p == null || p.isNull() ? null : Decimals.parse(p);
        if (price == null) throw invalid("price_per_call", "is required and must be a number");
        if (price.signum() <= 0 || price.compareTo(MAX_PRICE) > 0) throw invalid("price_per_call", "must be > 0 and <= 9999999");
        if (Decimals.significantScale(price) > 2) throw invalid("price_per_call", "must have at most 2 decimal places");
        String currency = text(raw, "currency", 3, 3, false);
        if (currency != null) {
            currency = currency.toUpperCase(Locale.ROOT);
            if (!Currencies.isSupported(currency)) throw invalid("currency", "is not a supported currency");
        }
        String category = text(raw, "category", 1, 50, false);
        String url = text(raw, "endpoint_url", 1, 2000, true);
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw invalid("endpoint_url", "must be an absolute http(s) URL");
        }
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw invalid("endpoint_url", "must be an absolute http(s) URL");
        }
        Long maxLatency = null, window = null;
        JsonNode sla = raw.get("sla");
        if (sla != null && !sla.isNull()) {
            if (!sla.isObject()) throw invalid("sla", "must be an object");
            maxLatency = whole(sla, "max_latency_ms", 3_600_000L);
            window = whole(sla, "completion_window_seconds", 86_400L);
            if (maxLatency == null && window == null) throw invalid("sla", "needs max_latency_ms or completion_window_seconds");
        }
        return new NewService(name, slug, description, price.movePointRight(2).longValueExact(), currency,
                category == null ? "api" : category, url, maxLatency, window);
    }

    private static String slugOf(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 63) s = s.substring(0, 63).replaceAll("-+$", "");
        return s.isEmpty() ? "service" : s;
    }

    private static Long whole(JsonNode o, String field, long max) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > max) {
            throw invalid("sla." + field, "must be an integer between 1 and " + max);
        }
        return v.asLong();
    }

    private static String text(JsonNode o, String field, int min, int max, boolean required) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (required) throw invalid(field, "is required");
            return null;
        }
        if (!v.isTextual()) throw invalid(field, "must be a string");
        String s = v.textValue();
        int len = s.codePointCount(0, s.length());
        if (len < min || len > max) throw invalid(field, "must be " + min + "-" + max + " characters");
        return s;
    }
}
