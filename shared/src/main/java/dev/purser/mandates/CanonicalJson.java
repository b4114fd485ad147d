package dev.purser.mandates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The canonical text of a JSON document, for signing: object members sorted by key (recursively),
 * no insignificant whitespace, amounts already decimal strings (never floats), UTF-8. The same
 * document always yields the same bytes, so a signature can be checked by anyone holding the key.
 */
public final class CanonicalJson {
    private CanonicalJson() {}

    public static String of(JsonNode n) {
        return Json.write(sorted(n));
    }

    private static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode o = Json.object();
            for (String name : names) o.set(name, sorted(n.get(name)));
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = Json.array();
            n.forEach(x -> a.add(sorted(x)));
            return a;
        }
        return n;
    }
}
