package dev.purser.functions.observe;

import dev.purser.webhooks.UrlGuard;
import dev.purser.webhooks.WebhookTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The webhook transport, timed: every POST's latency and whether it failed (no answer or not
 * 2xx), for the dispatcher's metrics. The container runs one invocation at a time, so the
 * figures are the current invocation's; {@link Observability#webhooks} resets and reads them.
 */
public final class WebhookAttempts implements WebhookTransport {
    private final WebhookTransport transport;
    private final List<Double> latencies = new ArrayList<>();
    private int failures;

    public WebhookAttempts(WebhookTransport transport) {
        this.transport = transport;
    }

    @Override
    public Response post(UrlGuard.Allowed target, Map<String, String> headers, String body, Duration timeout) {
        long start = System.nanoTime();
        Response r = transport.post(target, headers, body, timeout);
        record((System.nanoTime() - start) / 1e6, r.statusCode() < 200 || r.statusCode() >= 300);
        return r;
    }

    private synchronized void record(double ms, boolean failed) {
        latencies.add(ms);
        if (failed) failures++;
    }

    synchronized void reset() {
        latencies.clear();
        failures = 0;
    }

    synchronized List<Double> latencies() {
        return List.copyOf(latencies);
    }

    synchronized int failures() {
        return failures;
    }
}
