package dev.purser.x402;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Where asset→USD rates come from. Pluggable: the shipped default ({@link ConfiguredRates}) is
 * offline; a deployment that wants live rates (Coinbase, CoinGecko, an oracle) implements this and
 * wires it in {@code X402Service}. The depeg rules are applied by {@link UsdConversion} to whatever
 * a source returns, so a source only reports rates.
 */
public interface RateSource {
    /** USD per one unit of {@code asset} (upper-case symbol), or empty when the source has none. */
    Optional<BigDecimal> usdPerUnit(String asset);
}
