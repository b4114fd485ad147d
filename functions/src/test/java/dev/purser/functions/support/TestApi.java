package dev.purser.functions.support;

import dev.purser.functions.InProcessApi;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.testing.AwsCallRecorder;
import java.util.HashMap;
import java.util.Map;

/** Calls Purser's handlers in-process through {@link InProcessApi}, as API Gateway would. */
public final class TestApi {
    private final InProcessApi api;

    public TestApi(InProcessApi api) {
        this.api = api;
    }

    public Resp call(String method, String pathAndQuery, String bearer, String body, Map<String, String> extraHeaders) {
        String path = pathAndQuery;
        String query = null;
        int q = pathAndQuery.indexOf('?');
        if (q >= 0) {
            path = pathAndQuery.substring(0, q);
            query = pathAndQuery.substring(q + 1);
        }
        Map<String, String> headers = new HashMap<>(extraHeaders);
        if (bearer != null) headers.put("authorization", "Bearer " + bearer);
        if (body != null) headers.put("content-type", "application/json");
        String rawPath = path;
        String rawQuery = query;
        // API Gateway knows which function a route invokes; the recorder of AWS calls is told too.
        HttpResponse r = AwsCallRecorder.runAs(functionFor(method, path),
                () -> api.invoke(method, rawPath, rawQuery, headers, body, "127.0.0.1"));
        return new Resp(r.status(), r.headers(), r.body());
    }

    private static LambdaFunction functionFor(String method, String path) {
        return Route.match(method, path) instanceof Route.Match.Found found ? found.route().function() : LambdaFunction.FALLBACK;
    }

    public Resp get(String path, String token) {
        return call("GET", path, token, null, Map.of());
    }

    public Resp post(String path, String token, String body) {
        return call("POST", path, token, body, Map.of());
    }

    public Resp agentPost(String path, String token, String body) {
        return post("/api/v1/agent-api" + path, token, body);
    }

    public Resp agentGet(String path, String token) {
        return get("/api/v1/agent-api" + path, token);
    }
}
