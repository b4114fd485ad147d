package dev.purser.policy;

import java.util.Locale;

/**
 * A Purser merchant pattern ({@code allowed_merchants} / {@code blocked_merchants}), matched
 * case-insensitively against {@code merchant_name}. {@code *.example.com} matches
 * {@code example.com} itself and any subdomain ({@code shop.example.com},
 * {@code a.b.example.com}); any other pattern matches exactly.
 *
 * @param pattern as written
 * @param host the lowercased pattern without a leading {@code *.}
 */
public record MerchantPattern(String pattern, String host, boolean wildcard) {

    public static MerchantPattern of(String pattern) {
        String p = pattern.strip().toLowerCase(Locale.ROOT);
        boolean wildcard = p.startsWith("*.");
        return new MerchantPattern(pattern, wildcard ? p.substring(2) : p, wildcard);
    }

    /** @param merchant already stripped and lowercased ({@link #normalize}) */
    public boolean matches(String merchant) {
        if (merchant.equals(host)) return true;
        return wildcard && merchant.length() > host.length()
                && merchant.endsWith(host)
                && merchant.charAt(merchant.length() - host.length() - 1) == '.';
    }

    /** The form patterns are compared with; null for a missing or blank name. */
    public static String normalize(String merchant) {
        if (merchant == null) return null;
        String m = merchant.strip();
        return m.isEmpty() ? null : m.toLowerCase(Locale.ROOT);
    }
}
