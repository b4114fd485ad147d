package dev.purser.webhooks;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Sends one webhook POST. The JDK client in production; tests may wrap or replace it. */
public interface WebhookTransport {

    /** @param statusCode the HTTP status, or 0 when no response arrived ({@code error} says why) */
    record Response(int statusCode, String error) {}

    Response post(URI url, Map<String, String> headers, String body, Duration timeout);
}
