package dev.purser.money;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An amount of money in integer minor units (cents) of one currency. Never a binary float:
 * parsing goes through {@link BigDecimal} and anything finer than a cent is refused upstream
 * of this type, so every value here is exact.
 */
public record Money(long minor, String currency) implements Comparable<Money> {

    public Money {
        Objects.requireNonNull(currency, "currency");
    }

    public static Money of(long minor, String currency) {
        return new Money(minor, currency);
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    /** Exact conversion; throws if the value has more than two fraction digits. */
    public static Money of(BigDecimal decimal, String currency) {
        return new Money(toMinor(decimal), currency);
    }

    public static long toMinor(BigDecimal decimal) {
        return decimal.movePointRight(2).longValueExact();
    }

    public static BigDecimal toDecimal(long minor) {
        return BigDecimal.valueOf(minor, 2);
    }

    public BigDecimal decimal() {
        return toDecimal(minor);
    }

    /** Two-decimal plain string, e.g. {@code "9900.00"}: the wire format of response-model fields. */
    public String plain() {
        return decimal().toPlainString();
    }

    public static String plain(long minor) {
        return toDecimal(minor).toPlainString();
    }

    public Money plus(Money other) {
        sameCurrency(other);
        return new Money(Math.addExact(minor, other.minor), currency);
    }

    public Money minus(Money other) {
        sameCurrency(other);
        return new Money(Math.subtractExact(minor, other.minor), currency);
    }

    @Override
    public int compareTo(Money other) {
        sameCurrency(other);
        return Long.compare(minor, other.minor);
    }

    private void sameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " vs " + other.currency);
        }
    }

    @Override
    public String toString() {
        return plain() + " " + currency;
    }
}
