package dev.purser.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.http.Route;
import dev.purser.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tool: its {@link ToolDefinition} and how its arguments become a call on the API route that
 * does the work. Arguments named in {@code pathArguments} fill the route's path, those in
 * {@code queryArguments} its query; {@code idempotency_key} becomes the {@code Idempotency-Key}
 * header; the rest is the JSON body (routes that take one). Adding a tool is one entry in a
 * {@link ToolSet}.
 */
public record Tool(ToolDefinition definition, Route route, List<String> pathArguments, List<String> queryArguments) {
    /** The argument sent as the {@code Idempotency-Key} header, when a tool declares it. */
    public static final String IDEMPOTENCY_KEY = "idempotency_key";

    public Tool {
        pathArguments = List.copyOf(pathArguments);
        queryArguments = List.copyOf(queryArguments);
        for (String p : pathArguments) {
            if (!route.path().contains("{" + p + "}")) throw new IllegalArgumentException(route + " has no {" + p + "}");
        }
    }

    public String name() {
        return definition.name();
    }

    /** Whether the route reads a JSON body (GETs never do). */
    boolean sendsBody() {
        return !route.method().equals("GET");
    }

    /**
     * The API call for these arguments. Values are passed through as given: the API validates them
     * exactly as it validates an HTTP client's (same 4xx and {@code detail}).
     *
     * @throws IllegalArgumentException naming a missing path argument (a tool result, never a protocol error)
     */
    ApiCall call(JsonNode arguments) {
        ObjectNode args = arguments instanceof ObjectNode o ? o.deepCopy() : Json.object();
        Map<String, String> path = new LinkedHashMap<>();
        for (String p : pathArguments) {
            JsonNode v = args.remove(p);
            if (v == null || v.isNull() || v.asText().isBlank()) {
                throw new IllegalArgumentException("Argument '" + p + "' is required");
            }
            path.put(p, v.asText());
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (String q : queryArguments) {
            JsonNode v = args.remove(q);
            if (v != null && !v.isNull()) query.put(q, v.asText());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode key = args.remove(IDEMPOTENCY_KEY);
        if (key != null && !key.isNull()) headers.put("idempotency-key", key.asText());
        JsonNode body = sendsBody() ? args : null;
        return new ApiCall(route, path, query, body, headers);
    }

    /** A builder: {@code Tool.on(route).named(...).describedAs(...).path(...).body(...).build()}. */
    public static Builder on(Route route) {
        return new Builder(route);
    }

    public static final class Builder {
        private final Route route;
        private String name;
        private String description;
        private final Schema schema = Schema.object();
        private final List<String> path = new java.util.ArrayList<>();
        private final List<String> query = new java.util.ArrayList<>();

        private Builder(Route route) {
            this.route = route;
        }

        public Builder named(String name) {
            this.name = name;
            return this;
        }

        public Builder describedAs(String description) {
            this.description = description;
            return this;
        }

        public Builder path(String name, ObjectNode property) {
            schema.required(name, property);
            path.add(name);
            return this;
        }

        public Builder query(String name, ObjectNode property) {
            schema.optional(name, property);
            query.add(name);
            return this;
        }

        public Builder required(String name, ObjectNode property) {
            schema.required(name, property);
            return this;
        }

        public Builder optional(String name, ObjectNode property) {
            schema.optional(name, property);
            return this;
        }

        /** An optional {@code idempotency_key}: sent as the Idempotency-Key header. */
        public Builder idempotent() {
            schema.optional(IDEMPOTENCY_KEY, Schema.string("Optional. Reuse the same key when retrying the same call "
                    + "after a timeout or lost answer: the first result is returned instead of acting twice.", 255));
            return this;
        }

        public Tool build() {
            return new Tool(new ToolDefinition(name, description, schema.build()), route, path, query);
        }
    }
}
