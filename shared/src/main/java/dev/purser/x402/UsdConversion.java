package dev.purser.x402;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@code amount_usd = max_amount_usd × rate(asset→USD)} (spec §4 step 1), with the depeg guard
 * applied to whatever the {@link RateSource} returns: a USD stablecoin more than 1 % off its peg
 * declines ({@code STABLECOIN_DEPEG: <asset> deviation <x.x>%}); more than 0.5 % logs a warning.
 * USD passes through unchanged. The result is rounded UP to the cent: a spending control counts a
 * fraction of a cent against the budget rather than letting it slip through.
 */
public final class UsdConversion {
    private static final Logger LOG = Logger.getLogger(UsdConversion.class.getName());
    static final Set<String> USD_STABLECOINS = Set.of("USDC", "USDT");
    private static final BigDecimal DECLINE_PERCENT = new BigDecimal("1");
    private static final BigDecimal WARN_PERCENT = new BigDecimal("0.5");

    /** How a conversion ended. */
    public sealed interface Result {
        record Converted(long amountUsdMinor, BigDecimal rate) implements Result {}

        record Declined(String reason) implements Result {}
    }

    private final RateSource rates;

    public UsdConversion(RateSource rates) {
        this.rates = rates;
    }

    public Result convert(BigDecimal maxAmountUsd, String asset) {
        String a = asset == null ? "USD" : asset.strip().toUpperCase(Locale.ROOT);
        if (a.equals("USD")) return new Result.Converted(cents(maxAmountUsd), BigDecimal.ONE);
        var rate = rates.usdPerUnit(a);
        if (rate.isEmpty()) return new Result.Declined("UNSUPPORTED_ASSET: " + a);
        BigDecimal r = rate.get();
        if (USD_STABLECOINS.contains(a)) {
            BigDecimal deviation = r.subtract(BigDecimal.ONE).abs().movePointRight(2);
            if (deviation.compareTo(DECLINE_PERCENT) > 0) {
                return new Result.Declined("STABLECOIN_DEPEG: " + a + " deviation "
                        + deviation.setScale(1, RoundingMode.HALF_UP).toPlainString() + "%");
            }
            if (deviation.compareTo(WARN_PERCENT) > 0) {
                LOG.warning(() -> "x402: " + a + " is " + deviation.toPlainString() + "% off its USD peg (rate " + r + ")");
            }
        }
        return new Result.Converted(cents(maxAmountUsd.multiply(r)), r);
    }

    private static long cents(BigDecimal usd) {
        return usd.setScale(2, RoundingMode.UP).movePointRight(2).longValueExact();
    }
}
