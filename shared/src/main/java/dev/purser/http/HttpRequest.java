package dev.purser.http;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as Purser's API code sees it, independent of API Gateway's event classes so that
 * {@code shared} needs no Lambda dependency. Header names are lower-case (API Gateway v2 lower-cases
 * them too). Query values are already URL-decoded; repeated keys keep the last value.
 */
public record HttpRequest(
        Route route,
        String method,
        String rawPath,
        Map<String, String> pathParameters,
        Map<String, String> query,
        Map<String, String> headers,
        String body,
        String sourceIp) {

    public HttpRequest {
        pathParameters = pathParameters == null ? Map.of() : Map.copyOf(pathParameters);
        query = query == null ? Map.of() : Map.copyOf(query);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(query.get(name));
    }

    public String pathParameter(String name) {
        String v = pathParameters.get(name);
        if (v == null) throw new IllegalStateException("route " + route + " has no path parameter " + name);
        return v;
    }

    public boolean hasBody() {
        return body != null && !body.isEmpty();
    }
}
