package dev.purser.policy;

import java.util.List;

/**
 * The engine's answer: the outcome, every check in wire order, and the guards the storage
 * transaction must enforce for an accepted request (empty for a rejection).
 *
 * @param velocityFailure the window of a velocity rejection, else null
 */
public record Decision(Outcome outcome, List<Check> checks, VelocityScope velocityFailure, List<Guard> guards) {
    public Decision {
        checks = List.copyOf(checks);
        guards = List.copyOf(guards);
    }

    /** {@code policy_check.passed}: true exactly when every check passed. */
    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }
}
