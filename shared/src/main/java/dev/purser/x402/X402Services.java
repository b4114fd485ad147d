package dev.purser.x402;

import dev.purser.config.Purser;
import java.time.Duration;

/**
 * Builds the x402 router's service from a container's {@link Purser} and its configuration:
 * {@value ConfiguredRates#ENV} (asset rates, see {@link ConfiguredRates}) and
 * {@value #UNREPORTED_HOURS} (hours before an unreported authorization is flagged, default 24).
 */
public final class X402Services {
    public static final String UNREPORTED_HOURS = "PURSER_X402_UNREPORTED_HOURS";

    private X402Services() {}

    public static X402Service of(Purser purser) {
        return of(purser, ConfiguredRates.parse(purser.env().get(ConfiguredRates.ENV, null)));
    }

    /** With another {@link RateSource} (a live feed, or a test's). */
    public static X402Service of(Purser purser, RateSource rates) {
        return new X402Service(purser.reader(), purser.creator(), purser.dynamo(), purser.table(), purser.clock(),
                rates, unreportedAfter(purser), new X402Wallets(purser.dynamo(), purser.table()));
    }

    public static UnreportedScan scan(Purser purser) {
        return new UnreportedScan(purser.dynamo(), purser.table());
    }

    static Duration unreportedAfter(Purser purser) {
        String hours = purser.env().get(UNREPORTED_HOURS, null);
        if (hours == null || hours.isBlank()) return X402Service.DEFAULT_UNREPORTED_AFTER;
        long h = Long.parseLong(hours.strip());
        if (h < 1) throw new IllegalArgumentException(UNREPORTED_HOURS + " must be at least 1");
        return Duration.ofHours(h);
    }
}
