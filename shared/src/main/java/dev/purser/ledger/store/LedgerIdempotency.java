package dev.purser.ledger.store;

import dev.purser.idempotency.Fingerprint;
import dev.purser.idempotency.IdempotencyCheck;
import dev.purser.idempotency.IdempotencyKey;
import dev.purser.idempotency.IdempotencyStore;
import java.time.Instant;

/**
 * Idempotency keys of ledger writes in the one idempotency store: an owner's (or agent's) key space
 * is split by operation ({@code payment:<key>}, {@code fund:}, {@code refund:}, {@code payout:}),
 * so one client key used for a payment and a payout means two different calls. The record is
 * written in the SAME commit as the movement ({@code Commit.idempotency}): a key moves money once
 * (invariant L5), and a retry replays the first answer.
 */
public final class LedgerIdempotency {
    private LedgerIdempotency() {}

    /** The key of {@code operation} under the caller's partition ({@code AGENT#…} or {@code ACCOUNT#…}); null without a key. */
    public static IdempotencyKey key(String ownerPk, String operation, String clientKey) {
        return clientKey == null ? null : new IdempotencyKey(ownerPk, operation + ":" + clientKey);
    }

    /** Reads the record (one consistent GetItem) and says what the call does. */
    public static IdempotencyCheck check(IdempotencyStore store, IdempotencyKey key, Fingerprint fingerprint, Instant now) {
        if (key == null) return new IdempotencyCheck.Proceed();
        return IdempotencyStore.check(store.find(key), fingerprint, now);
    }
}
