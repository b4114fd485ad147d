package dev.purser.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Refuses webhook URLs that would make Purser call into its own network (SSRF): anything but
 * http(s), and hosts that resolve to loopback, private, link-local (including the cloud metadata
 * address 169.254.169.254), unique-local, shared (CGNAT), unspecified, multicast, documentation,
 * benchmarking or reserved addresses — also when an IPv6 address only carries such an IPv4 address
 * (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d}, NAT64
 * {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}, Teredo {@code 2001::/32}).
 *
 * <p>Checked when a subscription is saved AND before every delivery ({@link #check}), because DNS
 * can change in between. A delivery connects to exactly the addresses {@link #check} resolved and
 * approved ({@link Allowed#addresses}): the name is resolved once, so it cannot be re-pointed
 * between the check and the connection (DNS rebinding). Deployments that deliver to their own
 * network opt out explicitly (the addresses are still resolved once and pinned); local development
 * may allow loopback receivers alone, every other non-public address still refused.
 */
public final class UrlGuard {
    /** Resolves a host name; tests substitute one. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The verdict on one URL. */
    public sealed interface Verdict permits Allowed, Refused {}

    /**
     * A URL that may be called, and the only addresses it may be called at.
     *
     * @param host the host as written in the URL (brackets removed), for {@code Host}, SNI and certificate checks
     */
    public record Allowed(URI uri, String host, int port, boolean https, List<InetAddress> addresses) implements Verdict {}

    /** Why a URL is refused. */
    public record Refused(String reason) implements Verdict {}

    private final boolean allowPrivate;
    private final boolean allowLoopback;
    private final Resolver resolver;

    public UrlGuard(boolean allowPrivate) {
        this(allowPrivate, false, InetAddress::getAllByName);
    }

    public UrlGuard(boolean allowPrivate, Resolver resolver) {
        this(allowPrivate, false, resolver);
    }

    /** @param allowLoopback loopback addresses only are allowed too (local development receivers) */
    public UrlGuard(boolean allowPrivate, boolean allowLoopback, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.allowLoopback = allowLoopback;
        this.resolver = resolver;
    }

    /** Why this URL is refused, or null when it is acceptable. */
    public String problem(String url) {
        return check(url, !allowPrivate) instanceof Refused r ? r.reason() : null;
    }

    /** Resolves the URL's host once and decides; an {@link Allowed} carries the addresses to connect to. */
    public Verdict check(String url) {
        return check(url, true);
    }

    /** @param resolve false: the syntax only (saving a subscription where private addresses are allowed) */
    private Verdict check(String url, boolean resolve) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return new Refused("url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) return new Refused("url must be http or https");
        String host = uri.getHost();
        if (host == null || host.isEmpty()) return new Refused("url has no host");
        if (uri.getUserInfo() != null) return new Refused("url must not contain credentials");
        boolean https = scheme.equals("https");
        int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!resolve) return new Allowed(uri, bare, port, https, List.of());
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException | RuntimeException e) {
            return new Refused("url host does not resolve");
        }
        if (addresses == null || addresses.length == 0) return new Refused("url host does not resolve");
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                if (isNonPublic(a) && !(allowLoopback && a.isLoopbackAddress())) {
                    return new Refused("url resolves to a non-public address (" + a.getHostAddress() + ")");
                }
            }
        }
        return new Allowed(uri, bare, port, https, List.of(addresses));
    }

    static boolean isNonPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()
                || a.isAnyLocalAddress() || a.isMulticastAddress()) return true;
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) return isNonPublicV4(b, 0);
        if (a instanceof Inet6Address) return isNonPublicV6(b);
        return true;
    }

    private static boolean isNonPublicV4(byte[] b, int at) {
        int o1 = b[at] & 0xff;
        int o2 = b[at + 1] & 0xff;
        int o3 = b[at + 2] & 0xff;
        return o1 == 0                                          // "this network"
                || o1 == 10                                     // private
                || o1 == 127                                    // loopback
                || (o1 == 100 && o2 >= 64 && o2 < 128)          // shared address space (CGNAT)
                || (o1 == 169 && o2 == 254)                     // link-local, cloud metadata
                || (o1 == 172 && o2 >= 16 && o2 < 32)           // private
                || (o1 == 192 && o2 == 168)                     // private
                || (o1 == 192 && o2 == 0 && (o3 == 0 || o3 == 2)) // IETF assignments, documentation
                || (o1 == 192 && o2 == 88 && o3 == 99)          // 6to4 relay anycast
                || (o1 == 198 && (o2 == 18 || o2 == 19))        // benchmarking
                || (o1 == 198 && o2 == 51 && o3 == 100)         // documentation
                || (o1 == 203 && o2 == 0 && o3 == 113)          // documentation
                || o1 >= 224;                                   // multicast, reserved, broadcast
    }

    private static boolean isNonPublicV6(byte[] b) {
        int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        boolean first80Zero = true;
        for (int i = 0; i < 10; i++) if (b[i] != 0) first80Zero = false;
        if (first80Zero && b[10] == 0 && b[11] == 0) return true;              // ::/96: unspecified, loopback, IPv4-compatible
        if (first80Zero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return isNonPublicV4(b, 12);                                        // ::ffff:a.b.c.d, IPv4-mapped
        }
        if (w0 == 0x0064 && w1 == 0xff9b) {                                     // NAT64
            boolean wellKnown = true;
            for (int i = 4; i < 12; i++) if (b[i] != 0) wellKnown = false;
            return !wellKnown || isNonPublicV4(b, 12);                          // 64:ff9b:1::/48 is local use
        }
        if (w0 == 0x0100 && w1 == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0) return true; // discard 100::/64
        if (w0 == 0x2002) return isNonPublicV4(b, 2);                           // 6to4 carries its IPv4 in bits 16-47
        if (w0 == 0x2001 && w1 == 0) {                                          // Teredo: server, then client (inverted)
            byte[] client = {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]};
            return isNonPublicV4(b, 4) || isNonPublicV4(client, 0);
        }
        if (w0 == 0x2001 && w1 == 0x0db8) return true;                          // documentation
        if (w0 == 0x2001 && w1 == 0x0002 && b[4] == 0 && b[5] == 0) return true; // benchmarking 2001:2::/48
        if ((b[0] & 0xfe) == 0xfc) return true;                                 // unique local fc00::/7
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) return true;        // link-local fe80::/10
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) return true;        // site-local fec0::/10
        return (b[0] & 0xff) == 0xff;                                           // multicast
    }
}
