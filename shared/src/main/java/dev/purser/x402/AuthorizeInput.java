package dev.purser.x402;

import java.math.BigDecimal;

/**
 * A validated {@code POST /x402/authorize} body (spec §4), LetAgentPay's shape or an official x402
 * v1/v2 {@code PaymentRequirements} as received (docs/x402.md "Field mapping").
 *
 * @param amount the atomic units as sent: a non-negative ASCII integer string
 * @param asset the asset's symbol (from the body, the known-asset table or {@code extra.name}); a
 *              contract address nothing names stays as it is (and declines as unsupported)
 * @param resource null when not sent
 * @param assetAddress the contract address the requirements named, or null
 * @param assetDecimals the decimals of the asset's atomic units when Purser knows them, else null
 */
public record AuthorizeInput(String scheme, String network, String amount, String asset, String payTo,
                             String resource, BigDecimal maxAmountUsd, String category, String assetAddress,
                             Integer assetDecimals) {

    /** LetAgentPay's own shape: the asset is a symbol; its decimals are known when Purser knows the symbol. */
    public AuthorizeInput(String scheme, String network, String amount, String asset, String payTo, String resource,
                          BigDecimal maxAmountUsd, String category) {
        this(scheme, network, amount, asset, payTo, resource, maxAmountUsd, category, null,
                KnownAssets.bySymbol(asset).map(KnownAssets.Asset::decimals).orElse(null));
    }
}
