package dev.purser.spendguard;

import dev.purser.policy.Outcome;

/** SpendGuard's wording of the engine's outcome. */
public enum Verdict {
    ALLOW("allow"),
    DENY("deny"),
    APPROVAL_REQUIRED("approval_required");

    private final String wire;

    Verdict(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static Verdict of(Outcome o) {
        return switch (o) {
            case AUTO_APPROVED -> ALLOW;
            case PENDING -> APPROVAL_REQUIRED;
            case REJECTED -> DENY;
        };
    }
}
