package dev.purser.operator;

import dev.purser.auth.Secrets;
import dev.purser.http.ApiError;
import dev.purser.http.HttpRequest;

/**
 * Operator API authentication: {@code Authorization: Bearer opk_…}. An owner key or agent token is
 * simply an unknown operator key (401). Failures count against the source's failed-authentication
 * limit like every 401 (the HTTP edge does that). Reusable by any operator route (x402 service
 * verification, disputes): build one and call {@link #authenticate}.
 */
public final class OperatorAuth {
    private static final String PREFIX = "Bearer ";
    private final OperatorKeys keys;

    public OperatorAuth(OperatorKeys keys) {
        this.keys = keys;
    }

    public OperatorContext authenticate(HttpRequest request) {
        String header = request.header("authorization").orElse(null);
        if (header == null || !header.startsWith(PREFIX)) {
            throw ApiError.coded(401, "unauthorized", "Missing bearer operator key");
        }
        return keys.findActive(Secrets.sha256Hex(header.substring(PREFIX.length())))
                .map(OperatorContext::new)
                .orElseThrow(() -> ApiError.coded(401, "unauthorized", "Invalid operator key"));
    }
}
