package dev.purser.idempotency;

/** What a call with an {@code Idempotency-Key} does, given the record the batch read returned. */
public sealed interface IdempotencyCheck {
    /** No live record: perform the call (and commit its record with its effect). */
    record Proceed() implements IdempotencyCheck {}

    /** The same call was answered before: return that answer again, change nothing. */
    record Replay(StoredResponse response) implements IdempotencyCheck {}

    /** The key was used for a different call: a 422, change nothing. */
    record KeyReused() implements IdempotencyCheck {}
}
