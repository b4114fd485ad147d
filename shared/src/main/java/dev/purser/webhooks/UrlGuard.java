package dev.purser.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Refuses webhook URLs that would make Purser call into its own network (SSRF): anything but
 * http(s), and hosts that resolve to loopback, private, link-local (including the cloud metadata
 * address 169.254.169.254), unique-local, shared (CGNAT), unspecified or multicast addresses.
 * Checked when a subscription is saved AND before every delivery, because DNS can change in
 * between (DNS rebinding). Deployments that deliver to their own network opt out explicitly.
 */
public final class UrlGuard {
    /** Resolves a host name; tests substitute one. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivate;
    private final Resolver resolver;

    public UrlGuard(boolean allowPrivate) {
        this(allowPrivate, InetAddress::getAllByName);
    }

    public UrlGuard(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** Why this URL is refused, or null when it is acceptable. */
    public String problem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return "url is not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) return "url must be http or https";
        String host = uri.getHost();
        if (host == null || host.isEmpty()) return "url has no host";
        if (uri.getUserInfo() != null) return "url must not contain credentials";
        if (allowPrivate) return null;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return "url host does not resolve";
        }
        for (InetAddress a : addresses) {
            if (isNonPublic(a)) return "url resolves to a non-public address (" + a.getHostAddress() + ")";
        }
        return null;
    }

    static boolean isNonPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()
                || a.isAnyLocalAddress() || a.isMulticastAddress()) return true;
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0                                   // "this network"
                    || (first == 100 && second >= 64 && second < 128)   // shared address space (CGNAT)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || first >= 240;                            // reserved and broadcast
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) return true;             // unique local fc00::/7
            boolean mapped = true;                              // ::ffff:a.b.c.d carries an IPv4 address
            for (int i = 0; i < 10; i++) if (b[i] != 0) mapped = false;
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isNonPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
