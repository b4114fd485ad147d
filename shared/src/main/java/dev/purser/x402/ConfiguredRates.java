package dev.purser.x402;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The shipped, offline {@link RateSource}: USD, USDC and USDT pegged at 1.0, each overridable
 * (and other assets addable) by configuration, e.g. {@code PURSER_X402_RATES="USDC=0.998,EURC=1.08"}.
 * No network call, so an authorization never waits on a price feed.
 */
public final class ConfiguredRates implements RateSource {
    /** The configuration variable (environment on Lambda, system property locally). */
    public static final String ENV = "PURSER_X402_RATES";

    private final Map<String, BigDecimal> rates;

    public ConfiguredRates(Map<String, BigDecimal> overrides) {
        Map<String, BigDecimal> r = new HashMap<>();
        r.put("USD", BigDecimal.ONE);
        r.put("USDC", BigDecimal.ONE);
        r.put("USDT", BigDecimal.ONE);
        overrides.forEach((k, v) -> r.put(k.toUpperCase(Locale.ROOT), v));
        this.rates = Map.copyOf(r);
    }

    /**
     * Parses {@code "ASSET=rate,ASSET=rate"}; null or blank means the defaults.
     *
     * @throws IllegalArgumentException on a malformed entry (a configuration error should stop
     *                                  the container at init, not decline payments at random)
     */
    public static ConfiguredRates parse(String spec) {
        Map<String, BigDecimal> overrides = new HashMap<>();
        if (spec != null && !spec.isBlank()) {
            for (String entry : spec.split(",")) {
                String e = entry.strip();
                if (e.isEmpty()) continue;
                int eq = e.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException(ENV + ": expected ASSET=rate, got '" + e + "'");
                BigDecimal rate = new BigDecimal(e.substring(eq + 1).strip());
                if (rate.signum() <= 0) throw new IllegalArgumentException(ENV + ": rate must be > 0 in '" + e + "'");
                overrides.put(e.substring(0, eq).strip(), rate);
            }
        }
        return new ConfiguredRates(overrides);
    }

    @Override
    public Optional<BigDecimal> usdPerUnit(String asset) {
        return Optional.ofNullable(rates.get(asset.toUpperCase(Locale.ROOT)));
    }
}
