package dev.purser.x402;

/**
 * A validated {@code POST /x402/report} body.
 *
 * @param actualAmount atomic units as sent, or null
 * @param actualAmountUsdMinor the settled USD amount in cents, or null (no correction)
 */
public record ReportInput(String authorizationId, String txHash, String actualAmount, Long actualAmountUsdMinor,
                          String resourceUrl) {}
