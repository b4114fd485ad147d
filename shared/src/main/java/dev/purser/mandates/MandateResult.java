package dev.purser.mandates;

/** How a mandate call ended. Every case but {@link Done} and {@link Issued} changed nothing. */
public sealed interface MandateResult {
    record Done(Mandate mandate) implements MandateResult {}

    /** An execution token: the secret (shown once) and its facts. */
    record Issued(String secret, ExecutionToken token) implements MandateResult {}

    record NotFound() implements MandateResult {}

    /** The mandate's agent is not one of the account's. */
    record NoSuchAgent() implements MandateResult {}

    /** A refusal tied to one field (a 422), e.g. an action the mandate does not allow. */
    record Invalid(String field, String message) implements MandateResult {}

    /** The mandate is revoked or outside its validity window. */
    record NotUsable(String reason) implements MandateResult {}

    record Contended() implements MandateResult {}
}
