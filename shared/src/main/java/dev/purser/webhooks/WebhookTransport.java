package dev.purser.webhooks;

import java.time.Duration;
import java.util.Map;

/** Sends one webhook POST. Raw JDK sockets in production; tests may wrap or replace it. */
public interface WebhookTransport {

    /** @param statusCode the HTTP status, or 0 when no response arrived ({@code error} says why) */
    record Response(int statusCode, String error) {}

    /**
     * POSTs to {@code target.uri()}, connecting only to {@code target.addresses()} (what
     * {@link UrlGuard#check} resolved and approved), never resolving the name again.
     */
    Response post(UrlGuard.Allowed target, Map<String, String> headers, String body, Duration timeout);
}
