package dev.purser.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The owner console's static files (the purser-console jar's {@code purser-console/} directory),
 * served at {@code /} with the same security headers CloudFront adds on AWS. Only GET/HEAD of
 * a known file type is answered here; everything else goes to the API.
 */
final class ConsoleAssets {
    static final String ROOT = "purser-console/";

    /** No inline script or style anywhere; the API is the same origin. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json");
    /** Plain relative paths only: no "..", no encoded characters. */
    private static final Pattern SAFE = Pattern.compile("(?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_-]+\\.[a-z]+");

    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    /** True if the exchange was a console file and has been answered. */
    boolean serve(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) return false;
        String path = exchange.getRequestURI().getRawPath();
        // The API's own paths never reach the files (an action-link token contains a dot).
        if (path.startsWith("/api/") || path.startsWith("/v1/") || path.equals("/health")) return false;
        String file = path.equals("/") ? "index.html" : path.substring(1);
        if (!SAFE.matcher(file).matches()) return false;
        String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
        if (type == null) return false;
        Optional<byte[]> body = cache.computeIfAbsent(file, ConsoleAssets::load);
        if (body.isEmpty()) return false;
        var headers = exchange.getResponseHeaders();
        headers.set("content-type", type);
        headers.set("content-security-policy", CSP);
        headers.set("x-content-type-options", "nosniff");
        headers.set("x-frame-options", "DENY");
        headers.set("referrer-policy", "no-referrer");
        // Revalidate every time: a rebuilt runtime must not run yesterday's modules.
        headers.set("cache-control", "no-cache");
        byte[] bytes = body.get();
        boolean head = method.equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        return true;
    }

    private static Optional<byte[]> load(String file) {
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(ROOT + file)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
