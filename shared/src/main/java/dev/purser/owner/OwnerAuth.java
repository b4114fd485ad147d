package dev.purser.owner;

import dev.purser.accounts.AccountStore;
import dev.purser.accounts.OwnerKeys;
import dev.purser.auth.Secrets;
import dev.purser.config.Purser;
import dev.purser.http.ApiError;
import dev.purser.http.HttpRequest;
import dev.purser.observe.Observation;
import dev.purser.throttle.Throttles;
import dev.purser.throttle.TooMany;

/**
 * Owner API authentication: {@code Authorization: Bearer pk_…}. Owner keys are stored only as
 * SHA-256 digests and looked up by digest ({@link OwnerKeys#findActive}); a revoked key is refused
 * on the very next call because the key item is read on every call.
 */
public final class OwnerAuth {
    private final OwnerKeys keys;
    private final Throttles throttles;

    public OwnerAuth(OwnerKeys keys, Throttles throttles) {
        this.keys = keys;
        this.throttles = throttles;
    }

    public OwnerAuth(Purser purser) {
        this(new OwnerKeys(purser.dynamo(), purser.table(), new AccountStore(purser.dynamo(), purser.table())),
                purser.throttles());
    }

    public OwnerContext authenticate(HttpRequest request) {
        String header = request.header("authorization").orElse(null);
        if (header == null || !header.startsWith("Bearer ")) {
            throw ApiError.coded(401, "unauthorized", "Missing bearer owner key");
        }
        OwnerContext owner = keys.findActive(Secrets.sha256Hex(header.substring("Bearer ".length())))
                .map(h -> new OwnerContext(h.accountId(), h.keyId()))
                .orElseThrow(() -> ApiError.coded(401, "unauthorized", "Invalid owner key"));
        Observation.current().identify(owner.accountId(), null);
        // Owner API rate limit: per account, whichever key is used (docs/limits.md).
        long wait = throttles.ownerCall(owner.accountId());
        if (wait > 0) throw new TooMany("Owner API rate limit exceeded for this account ("
                + throttles.ownerCallsPerMinute() + " calls per minute); retry later", wait);
        return owner;
    }
}
