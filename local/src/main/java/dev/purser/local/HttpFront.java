package dev.purser.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.purser.functions.InProcessApi;
import dev.purser.http.ApiError;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpResponse;
import dev.purser.http.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local stand-in for API Gateway: a JDK HTTP server whose every request becomes a payload-v2
 * event for the same handler classes the stack deploys (see {@link InProcessApi}).
 */
final class HttpFront implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HttpFront.class.getName());

    private final HttpServer server;
    private final Admission workers;

    private HttpFront(HttpServer server, Admission workers) {
        this.server = server;
        this.workers = workers;
    }

    static HttpFront start(String host, int port, InProcessApi api) throws IOException {
        // The JDK server writes a response's headers and body as separate segments and leaves
        // Nagle on: with the client's delayed ACK, every keep-alive response waited ~40 ms for
        // its body segment. Read once, when the server implementation first loads.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 512);
        Admission workers = new Admission();
        server.setExecutor(workers);
        ConsoleAssets console = new ConsoleAssets();
        server.createContext("/", exchange -> {
            if (!console.serve(exchange)) serve(exchange, api);
        });
        server.start();
        return new HttpFront(server, workers);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, InProcessApi api) throws IOException {
        try (exchange) {
            HttpResponse response;
            if (Admission.shed()) {
                respond(exchange, Endpoints.unavailable("The server is busy; retry shortly", "overloaded", 1));
                return;
            }
            try {
                Map<String, String> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
                byte[] bytes = boundedBody(exchange);
                String body = bytes == null || bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
                var uri = exchange.getRequestURI();
                response = bytes == null ? tooLarge() : api.invoke(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body,
                        exchange.getRemoteAddress().getAddress().getHostAddress());
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "handler failed", e);
                response = HttpResponse.detail(500, "Internal server error");
            }
            respond(exchange, response);
        }
    }

    private static void respond(HttpExchange exchange, HttpResponse response) throws IOException {
        byte[] out = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(response.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    /**
     * The body, or null when it is larger than the edge's bound ({@link Limits#BODY_BYTES}): refused
     * by its {@code Content-Length} before a byte is kept, or (chunked) after at most one byte more
     * than the bound, so no body can exhaust the heap. Up to {@link #DRAIN_BYTES} of a refused body
     * are read and thrown away before answering: a client still writing would otherwise meet the
     * closed connection's reset instead of the 413 (the JDK server drains only 64 KiB itself). A
     * larger rest is never read; the server closes the connection.
     */
    private static byte[] boundedBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        try (InputStream in = exchange.getRequestBody()) {
            if (declared != null) {
                try {
                    if (Long.parseLong(declared.strip()) > Limits.BODY_BYTES) return discard(in, DRAIN_BYTES);
                } catch (NumberFormatException e) {
                    // the server itself refuses a malformed length before this runs
                }
            }
            byte[] bytes = in.readNBytes(Limits.BODY_BYTES + 1);
            return bytes.length > Limits.BODY_BYTES ? discard(in, DRAIN_BYTES - bytes.length) : bytes;
        }
    }

    /** How much of a refused body is read (in small pieces, kept nowhere) so its 413 reaches the client. */
    static final long DRAIN_BYTES = 1024 * 1024;

    /** Reads and drops at most {@code max} bytes of a refused body; always null (the body is too large). */
    private static byte[] discard(InputStream in, long max) throws IOException {
        byte[] buffer = new byte[8192];
        for (long left = max; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) break;
            left -= n;
        }
        return null;
    }

    /** The Lambda path's answer to the same body (http/Limits), given by the front itself. */
    private static HttpResponse tooLarge() {
        return ApiError.coded(413, "body_too_large", "Request body is too large (at most " + Limits.BODY_BYTES + " bytes)")
                .toResponse();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.close();
    }
}
