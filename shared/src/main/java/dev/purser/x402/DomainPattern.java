package dev.purser.x402;

import java.util.Collection;
import java.util.Locale;

/**
 * A domain allow/block entry: {@code example.com} matches that host only; {@code *.example.com}
 * matches {@code example.com} itself and any subdomain (spec §4 step 4). Case-insensitive.
 */
public final class DomainPattern {
    private DomainPattern() {}

    public static boolean matches(String pattern, String host) {
        if (pattern == null || host == null) return false;
        String p = pattern.strip().toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (p.startsWith("*.")) {
            String base = p.substring(2);
            return h.equals(base) || h.endsWith("." + base);
        }
        return h.equals(p);
    }

    public static boolean anyMatches(Collection<String> patterns, String host) {
        for (String p : patterns) if (matches(p, host)) return true;
        return false;
    }

    /** The host of a resource URL, lower-cased; null when there is none or it does not parse. */
    public static String hostOf(String resource) {
        if (resource == null || resource.isBlank()) return null;
        try {
            String host = java.net.URI.create(resource.strip()).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
