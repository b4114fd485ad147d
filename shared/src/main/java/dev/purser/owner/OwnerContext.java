package dev.purser.owner;

/** Who is calling the owner API: an account, through one of its owner keys. */
public record OwnerContext(String accountId, String keyId) {}
