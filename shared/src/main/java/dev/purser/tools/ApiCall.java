package dev.purser.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.http.Route;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One call on Purser's API, as a tool's arguments map onto it: the route, its path parameters,
 * query, JSON body (or null) and extra headers (the {@code Idempotency-Key}). A {@link Backend}
 * sends it with the agent's token.
 */
public record ApiCall(Route route, Map<String, String> pathParameters, Map<String, String> query, JsonNode body,
                      Map<String, String> headers) {
    public ApiCall {
        pathParameters = Map.copyOf(pathParameters);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    /** The concrete path: the route's template with each parameter URL-encoded. */
    public String rawPath() {
        String path = route.path();
        for (var e : pathParameters.entrySet()) {
            path = path.replace("{" + e.getKey() + "}", URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)
                    .replace("+", "%20"));
        }
        return path;
    }

    /** The undecoded query string without {@code ?}, or null when there is none. */
    public String rawQuery() {
        if (query.isEmpty()) return null;
        return query.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
