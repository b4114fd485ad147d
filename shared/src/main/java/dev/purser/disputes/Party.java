package dev.purser.disputes;

/**
 * One side of a dispute as stored: an account and, when an agent acts for it, the agent.
 *
 * @param agentId null when the account's owner acts, or for a payee that is an account's wallet
 *                without an agent
 */
public record Party(String accountId, String agentId) {}
