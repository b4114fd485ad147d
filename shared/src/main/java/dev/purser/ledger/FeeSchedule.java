package dev.purser.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Fees per rail: {@code fixed + amount × bps / 10 000}, in minor units of the payment's currency.
 *
 * <p><b>Rounding:</b> the percentage part is rounded to the minor unit HALF_UP (half a cent goes
 * up) once, then the fixed part is added; the fee is computed on the payment amount only, never
 * on a fee. Example: internal (30 bps) on 5.00 → 1.5 cents → 0.02; on 1.00 → 0.3 cents → 0.00.
 * Computed with {@link BigDecimal}, no binary float.
 *
 * <p>Configured by {@code PURSER_FEE_SCHEDULE}: {@code rail=bps+fixed} separated by {@code ;}
 * (e.g. {@code internal=30+0;ach=0+25}); rails not named keep their default.
 */
public record FeeSchedule(Map<String, Rate> rates) {
    /** One rail's price: basis points and a fixed amount in minor units. */
    public record Rate(int bps, long fixedMinor) {
        public Rate {
            if (bps < 0 || bps > 10_000 || fixedMinor < 0) throw new IllegalArgumentException("bad fee rate");
        }

        public long fee(long amountMinor) {
            long pct = BigDecimal.valueOf(amountMinor).multiply(BigDecimal.valueOf(bps))
                    .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP).longValueExact();
            return Math.addExact(pct, fixedMinor);
        }
    }

    public static final FeeSchedule DEFAULT = new FeeSchedule(defaults());

    private static Map<String, Rate> defaults() {
        Map<String, Rate> m = new LinkedHashMap<>();
        m.put("internal", new Rate(30, 0));
        m.put("ach", new Rate(0, 25));
        m.put("card", new Rate(290, 30));
        m.put("crypto", new Rate(100, 0));
        m.put("wire", new Rate(0, 1500));
        return Map.copyOf(m);
    }

    public FeeSchedule {
        rates = Map.copyOf(rates);
    }

    public Optional<Rate> rate(String rail) {
        return Optional.ofNullable(rates.get(rail));
    }

    public boolean knows(String rail) {
        return rates.containsKey(rail);
    }

    /** The fee of {@code amountMinor} on {@code rail}; unknown rails are the caller's error. */
    public long fee(String rail, long amountMinor) {
        Rate r = rates.get(rail);
        if (r == null) throw new IllegalArgumentException("unknown rail " + rail);
        return r.fee(amountMinor);
    }

    /** The defaults overridden by a {@code rail=bps+fixed;…} specification (null or blank: defaults). */
    public static FeeSchedule parse(String spec) {
        if (spec == null || spec.isBlank()) return DEFAULT;
        Map<String, Rate> m = new LinkedHashMap<>(DEFAULT.rates);
        for (String part : spec.split(";")) {
            if (part.isBlank()) continue;
            String[] kv = part.split("=", 2);
            String[] bf = kv.length == 2 ? kv[1].split("\\+", 2) : new String[0];
            if (bf.length != 2) throw new IllegalArgumentException("fee schedule entry must be rail=bps+fixed: " + part);
            m.put(kv[0].trim().toLowerCase(Locale.ROOT), new Rate(Integer.parseInt(bf[0].trim()), Long.parseLong(bf[1].trim())));
        }
        return new FeeSchedule(m);
    }
}
