package dev.purser.infra;

/**
 * Environment variables the stack sets that {@code dev.purser.config.Env} does not name yet.
 * The other names come from {@code Env} itself.
 */
public final class FunctionEnvironment {

    /**
     * ARN of the Secrets Manager secret holding the link-signing key. The stack never puts the key
     * itself in the environment (it would be readable by anyone allowed to read the function's
     * configuration); functions that sign links read the secret once at init. With SnapStart, init
     * runs when a version is published, so a rotated value takes effect with the next deployment.
     * (Candidate for {@code Env.LINK_SIGNING_SECRET_ARN} in shared.)
     */
    public static final String LINK_SIGNING_SECRET_ARN = "PURSER_LINK_SIGNING_SECRET_ARN";

    private FunctionEnvironment() {}
}
