package dev.purser.openapi;

import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import java.util.Map;

/**
 * {@code GET /openapi.json} and {@code GET /openapi/spec.json} (seed 004's name): the assembled
 * document, no authentication. It changes only with a deployment, so clients and CDNs may keep
 * it five minutes and revalidate by {@code ETag} (304, no body) after that.
 */
public final class OpenApiEndpoint {
    static final String CACHE_CONTROL = "public, max-age=300";

    private final OpenApiDocument document;
    private final RouteTable<Void> routes;

    public OpenApiEndpoint() {
        this(OpenApiDocument.get());
    }

    OpenApiEndpoint(OpenApiDocument document) {
        this.document = document;
        this.routes = RouteTable.<Void>of(LambdaFunction.DISCOVERY)
                .on(Route.OPENAPI_JSON, (none, request) -> serve(request))
                .on(Route.OPENAPI_SPEC_JSON, (none, request) -> serve(request))
                .build();
    }

    public HttpResponse handle(HttpRequest request) {
        return routes.serve(null, request);
    }

    private HttpResponse serve(HttpRequest request) {
        if (request.header("if-none-match").map(this::matches).orElse(false)) {
            return new HttpResponse(304, Map.of("etag", document.etag(), "cache-control", CACHE_CONTROL), "");
        }
        return new HttpResponse(200, Map.of("content-type", "application/json", "etag", document.etag(),
                "cache-control", CACHE_CONTROL, "access-control-allow-origin", "*"), document.text());
    }

    private boolean matches(String ifNoneMatch) {
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(document.etag()) || t.equals("W/" + document.etag())) return true;
        }
        return false;
    }
}
