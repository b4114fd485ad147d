package dev.purser.idempotency;

import java.time.Duration;
import java.time.Instant;

/**
 * One remembered call (after Powertools' {@code DataRecord}): its key, what it was
 * ({@link Fingerprint}), its status, the answer it got and when the record stops counting.
 * Records are written COMPLETED, in the same transaction as the change they answer for, so there
 * is no in-progress state to recover: either the change and its answer are both durable, or
 * neither is.
 */
public record IdempotencyRecord(
        IdempotencyKey key,
        String fingerprint,
        Status status,
        StoredResponse response,
        Instant createdAt,
        Instant expiresAt) {

    /** How long a key is remembered (LetAgentPay's 24 hours). */
    public static final Duration TTL = Duration.ofHours(24);

    public enum Status {
        COMPLETED,
        /** Past its expiry but not yet deleted by DynamoDB's TTL: treated as absent. */
        EXPIRED
    }

    public static IdempotencyRecord completed(IdempotencyKey key, Fingerprint fingerprint, StoredResponse response,
                                              Instant now) {
        return new IdempotencyRecord(key, fingerprint.stored(), Status.COMPLETED, response, now, now.plus(TTL));
    }

    /** The status as of {@code now}: DynamoDB deletes expired items lazily. */
    public Status statusAt(Instant now) {
        return expiresAt.getEpochSecond() < now.getEpochSecond() ? Status.EXPIRED : status;
    }
}
