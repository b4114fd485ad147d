package dev.purser.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.auth.Secrets;
import dev.purser.json.Json;
import dev.purser.retry.Contended;
import dev.purser.store.StorageBusy;
import dev.purser.throttle.Throttles;
import dev.purser.throttle.TooMany;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The shared edge of every HTTP Lambda: turns {@link ApiError}s into their responses and anything
 * unexpected into {@code 500 {"detail":"Internal server error"}} (logged), so clients always get
 * JSON with a {@code detail} key; a storage call that timed out or was throttled is {@code 503}
 * with {@code Retry-After} ({@link StorageBusy}), not 500.
 */
public final class Endpoints {
    private static final Logger LOG = Logger.getLogger(Endpoints.class.getName());
    /** How long a client waits after a 503 storage_busy before retrying. */
    static final long STORAGE_RETRY_AFTER_SECONDS = 1;

    private Endpoints() {}

    /**
     * {@link #handle(HttpRequest, Function)} behind the failed-authentication limit: every
     * {@code 401} counts against its source address and its credential's prefix, and once either
     * is over the limit a failure is answered {@code 429} with {@code Retry-After} instead (the
     * one that crosses it too). A valid credential is always answered normally, throttled
     * address or not: agents sharing an address must not lock each other out (issue 23).
     */
    public static HttpResponse handle(HttpRequest request, Function<HttpRequest, HttpResponse> endpoint,
                                      Throttles throttles) {
        HttpResponse response = handle(request, endpoint);
        if (response.status() != 401) return response;
        long wait = throttles.authFailed(request.sourceIp(), credentialPrefix(request));
        return wait > 0 ? tooManyFailures(wait) : response;
    }

    /**
     * What lists show of the presented secret (its first 12 characters), or null when there is
     * none or it is too short to be one of Purser's (a prefix + 43 characters): junk is counted
     * per source only, so unrelated callers sending {@code "Bearer x"} share no counter.
     */
    static String credentialPrefix(HttpRequest request) {
        String auth = request.header("authorization").orElse("");
        if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String secret = auth.substring(7).strip();
        return secret.length() < MIN_SECRET_CHARS ? null : Secrets.displayPrefix(secret);
    }

    private static final int MIN_SECRET_CHARS = 40;

    private static HttpResponse tooManyFailures(long retryAfterSeconds) {
        return tooMany("Too many failed authentication attempts from this address or with this credential; retry later", retryAfterSeconds);
    }

    /** {@code 429 {"detail"}} with {@code Retry-After} in seconds. */
    public static HttpResponse tooMany(String detail, long retryAfterSeconds) {
        return new HttpResponse(429, java.util.Map.of("content-type", "application/json",
                "retry-after", Long.toString(retryAfterSeconds)),
                Json.write(Json.object().put("detail", detail)));
    }

    public static HttpResponse handle(HttpRequest request, Function<HttpRequest, HttpResponse> endpoint) {
        try {
            rejectNulBytes(request);
            Limits.check(request);
            return endpoint.apply(request);
        } catch (ApiError e) {
            return e.toResponse();
        } catch (TooMany e) {
            return tooMany(e.getMessage(), e.retryAfterSeconds());
        } catch (Contended e) {
            // Bounded, jittered retries were spent: the client may retry (docs/limits.md).
            return new HttpResponse(409, java.util.Map.of("content-type", "application/json", "retry-after", "1"),
                    Json.write(Json.object().put("detail", e.getMessage())
                            .put("code", "contended")));
        } catch (RuntimeException e) {
            if (StorageBusy.is(e)) return storageBusy(request, e);
            LOG.log(Level.SEVERE, "unhandled error on " + request.method() + " " + request.rawPath(), e);
            return HttpResponse.detail(500, "Internal server error");
        }
    }

    /**
     * A storage call timed out or was throttled: {@code 503} with {@code Retry-After}, so clients
     * back off and retry (with the same Idempotency-Key, which replays whatever committed).
     */
    private static HttpResponse storageBusy(HttpRequest request, RuntimeException e) {
        LOG.log(Level.WARNING, "storage busy on " + request.method() + " " + request.rawPath() + ": " + e);
        return unavailable("Storage is busy; retry shortly", "storage_busy", STORAGE_RETRY_AFTER_SECONDS);
    }

    /** {@code 503 {"detail", "code"}} with {@code Retry-After} in seconds. */
    public static HttpResponse unavailable(String detail, String code, long retryAfterSeconds) {
        return new HttpResponse(503, java.util.Map.of("content-type", "application/json",
                "retry-after", Long.toString(retryAfterSeconds)),
                Json.write(Json.object().put("detail", detail).put("code", code)));
    }

    private static void rejectNulBytes(HttpRequest request) {
        boolean nul = request.rawPath().contains("%00") || request.rawPath().indexOf('\0') >= 0
                || request.query().values().stream().anyMatch(v -> v.indexOf('\0') >= 0)
                || request.query().keySet().stream().anyMatch(v -> v.indexOf('\0') >= 0)
                || request.pathParameters().values().stream().anyMatch(v -> v.indexOf('\0') >= 0)
                || request.headers().values().stream().anyMatch(v -> v != null && v.indexOf('\0') >= 0);
        if (nul) throw ApiError.detail(400, "Invalid characters in request");
    }

    /**
     * The JSON body, or a 422 {@code json_invalid} (FastAPI parses the body before it runs any
     * dependency, so malformed JSON wins even over a missing token). An absent body is
     * {@code null}; callers decide whether that is a "missing body" error.
     */
    public static JsonNode jsonBody(HttpRequest request) {
        if (!request.hasBody()) return null;
        try {
            return Json.parse(request.body());
        } catch (JsonProcessingException e) {
            int offset = e.getLocation() == null ? 0 : (int) Math.max(0, e.getLocation().getCharOffset());
            throw ValidationErrors.jsonInvalid(e.getOriginalMessage(), offset);
        }
    }

    /** 404 for an unknown route, 405 for a known path with another method: framework errors. */
    public static HttpResponse fallback(String method, String rawPath) {
        return Route.match(method, rawPath) instanceof Route.Match.WrongMethod
                ? HttpResponse.detail(405, "Method Not Allowed")
                : HttpResponse.detail(404, "Not Found");
    }
}
