package dev.purser.policy;

/**
 * A Purser merchant pattern ({@code allowed_merchants} / {@code blocked_merchants}, mandates'
 * payee patterns, x402 domain lists), matched on the canonical form of both sides
 * ({@link MerchantName}). {@code *.example.com} matches {@code example.com} itself and any
 * subdomain ({@code shop.example.com}, {@code a.b.example.com}); any other pattern matches
 * exactly. A block list also matches names that are confusable with the pattern
 * ({@link #confusable}).
 *
 * @param pattern as written
 * @param host the canonical pattern without a leading {@code *.} (empty for a blank pattern, which matches nothing)
 * @param key the confusable key of {@code host} ({@link MerchantName#confusableKey})
 */
public record MerchantPattern(String pattern, String host, boolean wildcard, String key) {

    public static MerchantPattern of(String pattern) {
        String c = MerchantName.canonical(pattern);
        if (c == null) return new MerchantPattern(pattern, "", false, "");
        boolean wildcard = c.startsWith("*.");
        String host = wildcard ? c.substring(2) : c;
        return new MerchantPattern(pattern, host, wildcard, MerchantName.confusableKey(host));
    }

    /** @param merchant in canonical form ({@link #normalize}) */
    public boolean matches(String merchant) {
        return !host.isEmpty() && covers(host, merchant);
    }

    /** @param merchantKey the merchant's {@link MerchantName#confusableKey}: whether it looks like this pattern */
    public boolean confusable(String merchantKey) {
        return !key.isEmpty() && covers(key, merchantKey);
    }

    private boolean covers(String base, String name) {
        if (name.equals(base)) return true;
        return wildcard && name.length() > base.length()
                && name.endsWith(base)
                && name.charAt(name.length() - base.length() - 1) == '.';
    }

    /** The form patterns are compared with ({@link MerchantName#canonical}); null for a missing or blank name. */
    public static String normalize(String merchant) {
        return MerchantName.canonical(merchant);
    }
}
