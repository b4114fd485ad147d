package dev.purser.agentapi;

import dev.purser.http.HttpRequest;
import dev.purser.http.ValidationErrors;
import dev.purser.json.Json;

/** Integer query parameters, reported like FastAPI when they do not parse. */
final class QueryInts {
    private QueryInts() {}

    static Integer parse(HttpRequest request, String name, int fallback, ValidationErrors errors) {
        String raw = request.queryParam(name).orElse(null);
        if (raw == null) return fallback;
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            errors.add("int_parsing", "Input should be a valid integer, unable to parse string as an integer",
                    Json.MAPPER.getNodeFactory().textNode(raw), null, "query", name);
            return fallback;
        }
    }
}
