package dev.purser.webhooks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs with the JDK HTTP client. Redirects are never followed: a 3xx is a failed delivery, so a
 * subscriber cannot bounce Purser to an address the URL check would have refused.
 */
public final class JdkWebhookTransport implements WebhookTransport {
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Override
    public Response post(URI url, Map<String, String> headers, String body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return new Response(response.statusCode(), null);
        } catch (java.net.http.HttpTimeoutException e) {
            return new Response(0, "timeout after " + timeout.toSeconds() + " s");
        } catch (java.io.IOException e) {
            return new Response(0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(0, "interrupted");
        }
    }
}
