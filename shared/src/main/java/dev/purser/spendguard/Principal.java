package dev.purser.spendguard;

/**
 * Who calls SpendGuard. Both callers are useful: an agent asks about itself with its own bearer
 * token ({@code agt_…}); the owner's backend (the "management credential") asks about any agent of
 * its account with an owner key and names the agent. Exactly one field is set.
 *
 * @param agentTokenHash SHA-256 of the agent's token, or null
 * @param ownerAccountId the owner key's account, or null
 */
public record Principal(String agentTokenHash, String ownerAccountId) {
    public static Principal agent(String tokenHash) {
        return new Principal(tokenHash, null);
    }

    public static Principal owner(String accountId) {
        return new Principal(null, accountId);
    }

    public boolean isAgent() {
        return agentTokenHash != null;
    }
}
