package dev.purser.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP calls to the runtime, to set the scene and to check what the console did. */
final class ConsoleHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    ConsoleHttp(String base) {
        this.base = base;
    }

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {}

    Answer call(String method, String path, String bearer, String json) {
        var b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + bearer)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("Content-Type", "application/json");
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body() == null || r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Answer(r.statusCode(), body, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A fresh agent: {agent_id, token}. */
    JsonNode register(String ownerKey, String name, String policyJson) {
        String body = "{\"name\": " + quote(name) + ", \"budget\": \"1000\"" + (policyJson == null ? "" : ", \"policy\": " + policyJson) + "}";
        Answer a = call("POST", "/v1/agents/register", ownerKey, body);
        if (a.status() != 201) throw new AssertionError("register answered " + a.status() + " " + a.body());
        return a.body();
    }

    /** An Agent API request; returns the answer body. */
    Answer ask(String token, String json) {
        return call("POST", "/api/v1/agent-api/requests", token, json);
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
