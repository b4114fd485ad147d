package dev.purser.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/** Decimal reading shared by the lenient parser and the strict validators (and the owner API's bodies). */
public final class Decimals {
    /** Upper bound of every configurable amount (limits, max_amount, rule limit_amount). */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999");

    // Values beyond these bounds are nonsense for money and would make toPlainString()/minor
    // conversion expensive or overflow (think "1e999999999"), so they count as non-numeric.
    private static final int MAX_DIGITS = 30;
    private static final BigDecimal MAX_MINOR_DECIMAL = BigDecimal.valueOf(Long.MAX_VALUE / 4, 2);

    private Decimals() {}

    /**
     * A JSON number or numeric string as an exact decimal, keeping the scale it was written
     * with; null for anything else (booleans, objects, blank or non-numeric text, NaN).
     */
    public static BigDecimal parse(JsonNode n) {
        if (n == null) return null;
        BigDecimal d;
        if (n.isFloatingPointNumber() && !n.isBigDecimal()) {
            // A double/float node (a mapper without exact decimals): its shortest text is what was sent.
            d = fromText(n.asText());
        } else if (n.isNumber()) {
            d = n.decimalValue();
        } else if (n.isTextual()) {
            d = fromText(n.textValue());
        } else {
            return null;
        }
        if (d == null || d.scale() > MAX_DIGITS || d.precision() - d.scale() > MAX_DIGITS) return null;
        return d;
    }

    private static BigDecimal fromText(String s) {
        return ascii(s);
    }

    /** A decimal written in ASCII: sign, digits 0-9, one point, an exponent. */
    private static final Pattern ASCII_DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    /**
     * Numeric text as an exact decimal, or null. Only ASCII digits count: {@code BigDecimal}
     * alone also reads Arabic-Indic ({@code ١٢}) and full-width ({@code １２}) digits, which no
     * amount on the wire is meant to contain (issue 23).
     */
    public static BigDecimal ascii(String s) {
        String t = s.strip();
        if (t.isEmpty() || t.length() > 2 * MAX_DIGITS + 8 || !ASCII_DECIMAL.matcher(t).matches()) return null;
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Fraction digits that carry value: {@code 10.50} has 1, {@code 10.000} has 0, {@code 10.005} has 3. */
    public static int significantScale(BigDecimal d) {
        return d.signum() == 0 ? 0 : Math.max(0, d.stripTrailingZeros().scale());
    }

    /**
     * Minor units, rounded toward negative infinity (a limit of 10.005 allows 10.00: the
     * conservative reading) and clamped so sums of counters cannot overflow.
     */
    static long toMinorFloor(BigDecimal d) {
        if (d.compareTo(MAX_MINOR_DECIMAL) > 0) return Long.MAX_VALUE / 4;
        if (d.compareTo(MAX_MINOR_DECIMAL.negate()) < 0) return -(Long.MAX_VALUE / 4);
        return d.setScale(2, RoundingMode.FLOOR).unscaledValue().longValueExact();
    }

    /** The text of a node as written, for showing a value we could not read. */
    static String rawText(JsonNode n) {
        return n.isTextual() ? n.textValue() : n.toString();
    }

    /** {@code a + b} without overflow surprises: saturates instead of wrapping. */
    static long add(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        return r;
    }
}
