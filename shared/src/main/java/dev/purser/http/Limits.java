package dev.purser.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one size rule of the HTTP edge, applied by {@link Endpoints#handle} to every route before any
 * endpoint code runs (docs/limits.md). Bounds exist so that no input can reach DynamoDB's own
 * limits (1 KB sort keys, 2 KB partition keys, 400 KB items) and turn into a 500: a value too big to
 * be a real id, key or document is refused here with a 4xx and a {@code detail}, and nothing is read
 * or stored. JSON depth and array length are bounded by the shared parser ({@link dev.purser.json.Json}).
 */
public final class Limits {
    /** Any path parameter (ids, category names, action-link tokens), UTF-8 bytes. */
    public static final int PATH_PARAMETER_BYTES = 512;
    /** {@code Idempotency-Key}, UTF-8 bytes (it becomes part of a DynamoDB sort key). */
    public static final int IDEMPOTENCY_KEY_BYTES = 255;
    /** Any other single header value, UTF-8 bytes. */
    public static final int HEADER_BYTES = 8 * 1024;
    /** Any query parameter name or value, UTF-8 bytes. */
    public static final int QUERY_VALUE_BYTES = 1024;
    /** A request body, UTF-8 bytes. */
    public static final int BODY_BYTES = 64 * 1024;

    private Limits() {}

    /** Throws the 4xx for the first bound {@code request} exceeds. */
    public static void check(HttpRequest request) {
        for (Map.Entry<String, String> p : request.pathParameters().entrySet()) {
            if (bytes(p.getValue()) > PATH_PARAMETER_BYTES) {
                throw ApiError.detail(400, "Path parameter " + p.getKey() + " is too long (at most "
                        + PATH_PARAMETER_BYTES + " bytes)");
            }
        }
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            int max = h.getKey().equals("idempotency-key") ? IDEMPOTENCY_KEY_BYTES : HEADER_BYTES;
            if (bytes(h.getKey()) > HEADER_BYTES || bytes(h.getValue()) > max) {
                throw ApiError.detail(400, "Header " + abbreviated(h.getKey()) + " is too long (at most " + max + " bytes)");
            }
        }
        for (Map.Entry<String, String> q : request.query().entrySet()) {
            if (bytes(q.getKey()) > QUERY_VALUE_BYTES || bytes(q.getValue()) > QUERY_VALUE_BYTES) {
                throw ApiError.detail(400, "Query parameter " + abbreviated(q.getKey()) + " is too long (at most "
                        + QUERY_VALUE_BYTES + " bytes)");
            }
        }
        if (request.body() != null && bytes(request.body()) > BODY_BYTES) {
            throw ApiError.coded(413, "body_too_large", "Request body is too large (at most " + BODY_BYTES + " bytes)");
        }
    }

    private static String abbreviated(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }

    /** UTF-8 length without allocating; a lone surrogate counts as 3 bytes, as the encoder would write '?'. */
    static int bytes(String s) {
        if (s == null) return 0;
        if (s.length() > 4 * BODY_BYTES) return Integer.MAX_VALUE; // certainly over every bound
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
