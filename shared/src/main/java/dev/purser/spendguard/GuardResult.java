package dev.purser.spendguard;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** How an authorize or estimate call ended. Nothing was written in any case. */
public sealed interface GuardResult {
    record Answered(ObjectNode body) implements GuardResult {}

    /** The caller may not ask about this agent (or at all). */
    record Refused(Resolved why) implements GuardResult {}

    /** The attempt names another currency than the account's. */
    record CurrencyMismatch(String expected) implements GuardResult {}

    /** The price table has no such model or tool. */
    record UnknownPrice(String field, String name) implements GuardResult {}
}
