package dev.purser.wallets.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.http.ApiError;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.idempotency.Fingerprint;
import dev.purser.idempotency.StoredResponse;
import dev.purser.json.Json;
import dev.purser.ledger.store.PageCursor;
import dev.purser.money.Money;
import dev.purser.owner.OwnerBody;
import dev.purser.owner.OwnerErrors;
import dev.purser.owner.OwnerQuery;
import dev.purser.policy.Decimals;
import dev.purser.wallets.Caller;
import dev.purser.wallets.Callers;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Set;

/**
 * The HTTP edge shared by the wallet, payment and payout APIs: bearer → caller, body limits and
 * parsing, money fields and the error shape {@code {"detail", "code"}} (validation errors add
 * {@code field}). Client mistakes are 4xx, never 500, and are raised before anything is written.
 */
public final class MoneyHttp {
    /** Money bodies are small; anything larger is refused before parsing. */
    public static final int MAX_BODY_CHARS = 64 * 1024;

    public static final String AP_WALLET = "AP-1001";
    public static final String AP_POLICY = "AP-1002";
    public static final String AP_RATE = "AP-3002";

    private MoneyHttp() {}

    public static String bearer(HttpRequest request) {
        String header = request.header("authorization").orElse(null);
        if (header == null || !header.startsWith("Bearer ")) {
            throw ApiError.coded(401, "unauthorized", "Missing bearer token");
        }
        return header.substring("Bearer ".length());
    }

    public static Caller authenticate(Callers callers, HttpRequest request) {
        Callers.Auth auth = callers.authenticate(bearer(request));
        if (auth instanceof Callers.Auth.Ok ok) return ok.caller();
        if (auth instanceof Callers.Auth.Forbidden f) throw ApiError.coded(403, "forbidden", f.detail());
        throw ApiError.coded(401, "unauthorized", ((Callers.Auth.Unauthorized) auth).detail());
    }

    /** The body object with only {@code allowed} keys; absent body is {} when {@code optional}. */
    public static ObjectNode body(HttpRequest request, Set<String> allowed, boolean optional) {
        if (!request.hasBody()) {
            if (optional) return Json.object();
            throw OwnerErrors.invalid("body", "is required");
        }
        if (request.body().length() > MAX_BODY_CHARS) {
            throw ApiError.coded(413, "body_too_large", "Request body is larger than " + MAX_BODY_CHARS + " characters");
        }
        JsonNode n;
        try {
            n = Json.parse(request.body());
        } catch (JsonProcessingException e) {
            throw OwnerErrors.invalid("body", "is not valid JSON");
        }
        if (!n.isObject()) throw OwnerErrors.invalid("body", "must be a JSON object");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) throw OwnerErrors.invalid(f, "is not a known field");
        }
        return (ObjectNode) n;
    }

    /** A required amount > 0 with at most 2 decimals (number or numeric string), in minor units. */
    public static long positiveAmount(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) throw OwnerErrors.invalid(field, "is required");
        BigDecimal d = Decimals.parse(v);
        if (d == null) throw OwnerErrors.invalid(field, "must be a number");
        if (d.signum() <= 0) throw OwnerErrors.invalid(field, "must be greater than 0");
        if (Decimals.significantScale(d) > 2) throw OwnerErrors.invalid(field, "must have at most 2 decimal places");
        if (d.compareTo(Decimals.MAX_AMOUNT) > 0) throw OwnerErrors.invalid(field, "must be less than or equal to 9999999");
        return Money.toMinor(d.setScale(2, RoundingMode.UNNECESSARY));
    }

    /** An optional amount, as {@link #positiveAmount}; null when absent. */
    public static Long optionalPositiveAmount(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : positiveAmount(body, field);
    }

    /** An idempotency key from the header or the body field (the header wins); 1..255 characters. */
    public static String idempotencyKey(HttpRequest request, ObjectNode body) {
        String key = request.header("idempotency-key").orElse(null);
        if (key == null) key = OwnerBody.text(body, "idempotency_key", 255);
        if (key != null && (key.isBlank() || key.length() > 255)) {
            throw OwnerErrors.invalid("idempotency_key", "must be 1 to 255 characters");
        }
        return key;
    }

    /** The request's fingerprint for idempotency: route + body without the key itself. */
    public static Fingerprint fingerprint(HttpRequest request, ObjectNode body) {
        ObjectNode copy = body.deepCopy();
        copy.remove("idempotency_key");
        return Fingerprint.of(request.route().routeKey(), copy);
    }

    /** A replayed answer, exactly as first given, marked {@code idempotent-replayed: true}. */
    public static HttpResponse replay(StoredResponse response) {
        return new HttpResponse(response.statusCode(), java.util.Map.of("content-type", "application/json",
                "idempotent-replayed", "true"), response.body());
    }

    public static ApiError error(int status, String code, String detail) {
        return ApiError.coded(status, code, detail);
    }

    public static ApiError notFound(String what) {
        return ApiError.coded(404, what + "_not_found", Character.toUpperCase(what.charAt(0)) + what.substring(1) + " not found");
    }

    /** A path id, or the resource's 404 when it cannot be one of ours. */
    public static String pathId(HttpRequest request, String param, String what) {
        String v = request.pathParameter(param);
        if (v.isEmpty() || v.length() > 100) throw notFound(what);
        return v;
    }

    /** Runs a list read, turning a foreign or forged cursor into a 422 on {@code cursor}. */
    public static <T> T page(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (PageCursor.Invalid e) {
            throw OwnerErrors.invalid("cursor", "is not a valid cursor for this list");
        }
    }

    public static int limit(HttpRequest request) {
        return OwnerQuery.limit(request, 50);
    }
}
