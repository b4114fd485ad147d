package dev.purser.idempotency;

/** The answer a retry gets back: the first call's status code and JSON body, byte for byte. */
public record StoredResponse(int statusCode, String body) {}
