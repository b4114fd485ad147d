package dev.purser.owner;

import dev.purser.http.HttpRequest;

/** Query parameters and path identifiers of owner routes. */
public final class OwnerQuery {
    /** Longer identifiers cannot exist (ours are short); refusing them keeps oversized keys away from DynamoDB. */
    static final int MAX_ID = 200;

    private OwnerQuery() {}

    /** {@code limit}: 1..100, default {@code fallback}; anything else is a 422. */
    public static int limit(HttpRequest request, int fallback) {
        String raw = request.queryParam("limit").orElse(null);
        if (raw == null) return fallback;
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= 1 && n <= 100) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw OwnerErrors.invalid("limit", "must be an integer between 1 and 100");
    }

    /**
     * A path identifier, or the given 404 when it cannot name anything we store (too long): another
     * account's id and a made-up id answer the same.
     */
    public static String id(HttpRequest request, String param, String notFoundCode, String notFoundMessage) {
        String v = request.pathParameter(param);
        if (v.isEmpty() || v.length() > MAX_ID) throw OwnerErrors.notFound(notFoundCode, notFoundMessage);
        return v;
    }
}
