package dev.purser.x402;

import java.math.BigDecimal;

/**
 * A validated {@code POST /x402/authorize} body (spec §4).
 *
 * @param amount the atomic units as sent (recorded, not used for policy)
 * @param resource null when not sent
 */
public record AuthorizeInput(String scheme, String network, String amount, String asset, String payTo,
                             String resource, BigDecimal maxAmountUsd, String category) {}
