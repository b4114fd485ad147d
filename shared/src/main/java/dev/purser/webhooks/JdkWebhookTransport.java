package dev.purser.webhooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * POSTs over a JDK socket to the address {@link UrlGuard#check} approved: the host name is never
 * resolved again (no DNS rebinding between check and connection), while TLS still verifies the
 * certificate against the name in the URL (SNI and endpoint identification, as browsers do).
 * HTTP/1.1, one request per connection; only the status line is read. Redirects are never
 * followed: a 3xx is a failed delivery, so a subscriber cannot bounce Purser elsewhere.
 */
public final class JdkWebhookTransport implements WebhookTransport {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    @Override
    public Response post(UrlGuard.Allowed target, Map<String, String> headers, String body, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastError = "url host does not resolve";
        for (InetAddress address : target.addresses()) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, target.port()),
                        (int) Math.max(1, Math.min(CONNECT_TIMEOUT.toMillis(), remainingMillis(deadline))));
            } catch (IOException e) {
                closeQuietly(socket);
                lastError = describe(e, timeout);
                if (remainingMillis(deadline) <= 0) break;
                continue;   // the next approved address, as a browser would
            }
            try (Socket conn = target.https() ? tls(socket, target) : socket) {
                write(conn.getOutputStream(), target, headers, body);
                return new Response(readStatus(conn, deadline), null);
            } catch (SocketTimeoutException e) {
                return new Response(0, "timeout after " + timeout.toSeconds() + " s");
            } catch (IOException e) {
                return new Response(0, describe(e, timeout));
            } finally {
                closeQuietly(socket);
            }
        }
        return new Response(0, lastError);
    }

    private static Socket tls(Socket plain, UrlGuard.Allowed target) throws IOException {
        SSLSocketFactory factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
        SSLSocket ssl = (SSLSocket) factory.createSocket(plain, target.host(), target.port(), true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isLiteral(target.host())) p.setServerNames(List.of(new SNIHostName(target.host())));
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        return ssl;
    }

    private static void write(OutputStream out, UrlGuard.Allowed target, Map<String, String> headers, String body)
            throws IOException {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        String path = target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty() ? "/" : target.uri().getRawPath();
        if (target.uri().getRawQuery() != null) path += "?" + target.uri().getRawQuery();
        boolean defaultPort = target.port() == (target.https() ? 443 : 80);
        String hostHeader = (isLiteral(target.host()) && target.host().contains(":") ? "[" + target.host() + "]" : target.host())
                + (defaultPort ? "" : ":" + target.port());
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("host: ").append(hostHeader).append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("content-length: ").append(payload.length).append("\r\n")
                .append("connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(payload);
        out.flush();
    }

    /** Reads {@code HTTP/1.x NNN ...}; the rest of the answer is not needed. */
    private static int readStatus(Socket conn, long deadline) throws IOException {
        InputStream in = conn.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            long left = remainingMillis(deadline);
            if (left <= 0) throw new SocketTimeoutException();
            conn.setSoTimeout((int) left);
            int c = in.read();
            if (c == -1) throw new IOException("connection closed before a status line");
            if (c == '\n') break;
            if (line.size() > 8192) throw new IOException("status line too long");
            line.write(c);
        }
        String status = line.toString(StandardCharsets.ISO_8859_1).trim();
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("not an HTTP answer");
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + parts[1]);
        }
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch));
    }

    private static long remainingMillis(long deadline) {
        return (deadline - System.nanoTime()) / 1_000_000;
    }

    private static String describe(IOException e, Duration timeout) {
        if (e instanceof SocketTimeoutException) return "timeout after " + timeout.toSeconds() + " s";
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
