package dev.purser.tools;

import dev.purser.http.HttpResponse;
import dev.purser.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/**
 * Tool calls sent to a Purser deployment over HTTP(S) with the agent's token: what the stdio MCP
 * server uses beside a deployed stack ({@code PURSER_URL}). A network failure is an answer with
 * status 503 and a detail, so the model is told, not the protocol.
 */
public final class HttpBackend implements Backend {
    private final URI base;
    private final HttpClient client;

    /** @param baseUrl the API's base, e.g. {@code https://abc.execute-api.eu-west-1.amazonaws.com} */
    public HttpBackend(String baseUrl) {
        String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.base = URI.create(b);
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public HttpResponse send(ApiCall call, String token) {
        String q = call.rawQuery();
        URI uri = URI.create(base + call.rawPath() + (q == null ? "" : "?" + q));
        var builder = java.net.http.HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("accept", "application/json").header("user-agent", "purser-tools");
        if (token != null) builder.header("authorization", "Bearer " + token);
        call.headers().forEach(builder::header);
        if (call.body() == null) {
            builder.method(call.route().method(), java.net.http.HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("content-type", "application/json")
                    .method(call.route().method(), java.net.http.HttpRequest.BodyPublishers.ofString(Json.write(call.body())));
        }
        try {
            var response = client.send(builder.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return new HttpResponse(response.statusCode(), Map.of(), response.body());
        } catch (IOException e) {
            return HttpResponse.detail(503, "Purser is unreachable at " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HttpResponse.detail(503, "Interrupted while calling Purser");
        }
    }
}
