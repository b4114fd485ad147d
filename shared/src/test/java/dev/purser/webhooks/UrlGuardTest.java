package dev.purser.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 11: SSRF through IPv6 forms that carry a private IPv4, and the DNS rebinding window. */
class UrlGuardTest {
    /** Address literals resolve to themselves; no DNS involved. */
    private final UrlGuard strict = new UrlGuard(false, host -> new InetAddress[] {InetAddress.getByName(host)});

    @ParameterizedTest
    @ValueSource(strings = {
            "http://[64:ff9b::a9fe:a9fe]/x",        // NAT64 of 169.254.169.254 (metadata)
            "http://[64:ff9b::7f00:1]/x",           // NAT64 of 127.0.0.1
            "http://[64:ff9b:1::808:808]/x",        // local-use NAT64 prefix
            "http://[::127.0.0.1]/x",               // IPv4-compatible loopback
            "http://[::8.8.8.8]/x",                 // IPv4-compatible (deprecated): never public
            "http://[::ffff:169.254.169.254]/x",    // IPv4-mapped metadata
            "http://[::ffff:10.1.2.3]/x",
            "http://[2002:a9fe:a9fe::1]/x",         // 6to4 of 169.254.169.254
            "http://[2002:7f00:1::]/x",             // 6to4 of 127.0.0.1
            "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x", // Teredo, client 192.0.2.45 (documentation)
            "http://[2001:0:a00:1::1]/x",           // Teredo server 10.0.0.1
            "http://[2001:db8::1]/x",               // documentation
            "http://[100::1]/x",                    // discard
            "http://[fd00::1]/x", "http://[fe80::1]/x", "http://[fec0::1]/x", "http://[ff02::1]/x",
            "http://[::1]/x", "http://[::]/x",
            "http://169.254.169.254/latest/meta-data", "http://127.0.0.1/x", "http://0.0.0.0/x", "http://10.0.0.1/x",
            "http://172.16.0.1/x", "http://192.168.1.1/x", "http://100.64.0.1/x", "http://198.18.0.1/x",
            "http://192.0.2.1/x", "http://203.0.113.9/x", "http://224.0.0.1/x", "http://255.255.255.255/x",
    })
    void refusesNonPublicAddressesInEveryForm(String url) {
        assertNotNull(strict.problem(url), url);
        assertInstanceOf(UrlGuard.Refused.class, strict.check(url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://93.184.216.34/hook", "http://8.8.8.8:8080/x", "https://[2606:4700:4700::1111]/x",
            "https://[64:ff9b::808:808]/x",            // NAT64 of a public address
            "https://[2002:808:808::1]/x",             // 6to4 of a public address
    })
    void acceptsPublicAddresses(String url) {
        assertNull(strict.problem(url), url);
    }

    @Test
    void oneResolutionIsAllADeliveryUses() throws Exception {
        // A name that first resolves to a public address, then (rebinding) to loopback.
        AtomicInteger lookups = new AtomicInteger();
        UrlGuard guard = new UrlGuard(false, host -> new InetAddress[] {InetAddress.getByName(
                lookups.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1")});
        var verdict = assertInstanceOf(UrlGuard.Allowed.class, guard.check("https://rebind.example/hook"));
        assertEquals(List.of(InetAddress.getByName("93.184.216.34")), verdict.addresses());
        assertEquals(1, lookups.get(), "checked with one lookup");
        assertEquals("rebind.example", verdict.host());
        assertEquals(443, verdict.port());
    }

    @Test
    void theTransportConnectsToTheCheckedAddressNotToTheName() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicReference<String> host = new AtomicReference<>();
        AtomicReference<String> signature = new AtomicReference<>();
        server.createContext("/hook", exchange -> {
            host.set(exchange.getRequestHeaders().getFirst("Host"));
            signature.set(exchange.getRequestHeaders().getFirst("webhook-signature"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            // "nowhere.invalid" does not exist in DNS: only the checked address can be reached.
            UrlGuard guard = new UrlGuard(true, h -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});
            var target = assertInstanceOf(UrlGuard.Allowed.class, guard.check("http://nowhere.invalid:" + port + "/hook"));
            var r = new JdkWebhookTransport().post(target, Map.of("webhook-signature", "v1,abc"), "{}", Duration.ofSeconds(5));
            assertEquals(204, r.statusCode(), String.valueOf(r.error()));
            assertEquals("nowhere.invalid:" + port, host.get());
            assertEquals("v1,abc", signature.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRedirectIsAFailedAttemptAndAClosedPortAnError() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        int port = server.getAddress().getPort();
        UrlGuard guard = new UrlGuard(true);
        try {
            var target = (UrlGuard.Allowed) guard.check("http://127.0.0.1:" + port + "/hook");
            assertEquals(302, new JdkWebhookTransport().post(target, Map.of(), "{}", Duration.ofSeconds(5)).statusCode());
        } finally {
            server.stop(0);
        }
        var closed = (UrlGuard.Allowed) guard.check("http://127.0.0.1:" + port + "/hook");
        var r = new JdkWebhookTransport().post(closed, Map.of(), "{}", Duration.ofSeconds(5));
        assertEquals(0, r.statusCode());
        assertTrue(r.error() != null && !r.error().isEmpty());
    }
}
