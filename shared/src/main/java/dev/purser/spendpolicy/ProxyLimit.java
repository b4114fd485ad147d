package dev.purser.spendpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.policy.Decimals;
import dev.purser.policy.Policy;
import dev.purser.time.Windows;
import java.math.BigDecimal;
import java.util.List;

/**
 * Proxy's agent spending limit (seed 002): {@code spendingLimit} in cents with a
 * {@code spendingLimitFrequency}, mapped onto the one policy model:
 *
 * <pre>
 * perTransaction  → per_request_limit
 * per24HourPeriod → rolling_24h_limit (any 24 hours, hour buckets)
 * perWeek         → weekly_limit      (ISO week, account timezone)
 * perMonth        → monthly_limit     (calendar month, account timezone)
 * perYear         → yearly_limit      (calendar year, account timezone)
 * allTime         → the agent's budget (lifetime)
 * </pre>
 *
 * The frequency is remembered in the policy as {@code spending_limit_frequency} so the view can
 * echo it and a later change moves the limit from the field it occupied to the new one. The
 * amount itself is always read back from the field it maps to, so an edit through any other
 * surface (the policy routes, ShadowPay's spend policy) shows here too.
 */
public final class ProxyLimit {
    public static final String MARKER = "spending_limit_frequency";
    /** Proxy's frequencies in its own order. */
    public static final List<String> FREQUENCIES =
            List.of("perTransaction", "per24HourPeriod", "perWeek", "perMonth", "perYear", "allTime");
    /** Cents: at most the owner API's 9,999,999.00. */
    public static final long MAX_CENTS = 999_999_900L;

    private ProxyLimit() {}

    /** The policy field a frequency maps to; null for {@code allTime} (the budget). */
    public static String policyField(String frequency) {
        return switch (frequency) {
            case "perTransaction" -> "per_request_limit";
            case "per24HourPeriod" -> Policy.ROLLING_24H_LIMIT;
            case "perWeek" -> "weekly_limit";
            case "perMonth" -> "monthly_limit";
            case "perYear" -> Policy.YEARLY_LIMIT;
            case "allTime" -> null;
            default -> throw new IllegalArgumentException("frequency " + frequency);
        };
    }

    /** The window a frequency's current spend is counted in (the {@code Windows} kind), null = lifetime, 0 = per request. */
    public static Character windowKind(String frequency) {
        return switch (frequency) {
            case "perTransaction" -> '0';
            case "per24HourPeriod" -> Windows.HOUR;
            case "perWeek" -> Windows.WEEK;
            case "perMonth" -> Windows.MONTH;
            case "perYear" -> Windows.YEAR;
            default -> null;
        };
    }

    /**
     * The new policy and budget after setting a limit.
     *
     * @param cents the new limit, or null to remove it
     * @param budget the budget to store ({@code allTime}), or null to leave the budget alone
     * @param policy the policy to store (never null: the marker lives in it)
     */
    public record Applied(ObjectNode policy, Long budget) {}

    /**
     * Sets (or with {@code cents == null} removes) the limit under {@code frequency}, first
     * removing the limit the previous frequency put in its field. Removing an {@code allTime}
     * limit leaves the budget as it is (a budget of 0 would stop the agent).
     */
    public static Applied apply(JsonNode stored, Long cents, String frequency) {
        ObjectNode p = stored != null && stored.isObject() ? ((ObjectNode) stored).deepCopy() : JsonNodeFactory.instance.objectNode();
        String previous = frequency(p);
        if (previous != null && policyField(previous) != null) p.remove(policyField(previous));
        if (cents == null) {
            p.remove(MARKER);
            return new Applied(p, null);
        }
        p.put(MARKER, frequency);
        String field = policyField(frequency);
        if (field == null) return new Applied(p, cents);
        p.put(field, decimal(cents).toPlainString());
        return new Applied(p, null);
    }

    /** The stored frequency, or null when no Proxy limit was set (or the marker is garbled). */
    public static String frequency(JsonNode policy) {
        if (policy == null || !policy.isObject()) return null;
        JsonNode m = policy.get(MARKER);
        return m != null && m.isTextual() && FREQUENCIES.contains(m.textValue()) ? m.textValue() : null;
    }

    /** The limit in cents as it stands now (read from its field, or the budget for allTime); null if none. */
    public static Long cents(JsonNode policy, long budget) {
        String f = frequency(policy);
        if (f == null) return null;
        String field = policyField(f);
        if (field == null) return budget;
        BigDecimal d = Decimals.parse(policy.get(field));
        return d == null ? null : d.movePointRight(2).setScale(0, java.math.RoundingMode.DOWN).longValueExact();
    }

    private static BigDecimal decimal(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
