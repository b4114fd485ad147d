package dev.purser.x402;

import dev.purser.policy.MerchantName;
import dev.purser.policy.MerchantPattern;
import java.util.Collection;

/**
 * A domain allow/block entry: {@code example.com} matches that host only; {@code *.example.com}
 * matches {@code example.com} itself and any subdomain (spec §4 step 4). Both sides are compared
 * in the canonical merchant form (docs/policy.md), and a block list also blocks hosts confusable
 * with an entry, as the merchant check does.
 */
public final class DomainPattern {
    private DomainPattern() {}

    public static boolean matches(String pattern, String host) {
        if (pattern == null || host == null) return false;
        return MerchantPattern.of(pattern).matches(MerchantName.canonical(host));
    }

    public static boolean anyMatches(Collection<String> patterns, String host) {
        for (String p : patterns) if (matches(p, host)) return true;
        return false;
    }

    /** Whether a block list blocks {@code host}: a match, or a host confusable with an entry. */
    public static boolean anyBlocks(Collection<String> patterns, String host) {
        String canonical = MerchantName.canonical(host);
        if (canonical == null) return false;
        String key = MerchantName.confusableKey(canonical);
        for (String p : patterns) {
            MerchantPattern pattern = MerchantPattern.of(p);
            if (pattern.matches(canonical) || pattern.confusable(key)) return true;
        }
        return false;
    }

    /**
     * The host of a resource URL in canonical form (so a non-ASCII host, which {@code java.net.URI}
     * does not parse, is read too); null when there is no {@code scheme://} or no host.
     */
    public static String hostOf(String resource) {
        if (resource == null || resource.isBlank() || !resource.contains("://")) return null;
        return MerchantName.canonical(resource);
    }
}
