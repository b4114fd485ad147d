package dev.purser.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Purser's OpenAPI 3.1 document, assembled once per container from the JSON fragments in
 * {@code openapi/} on the classpath (docs/openapi.md): {@code base.json} (info, servers, tags,
 * security schemes, shared schemas) and one fragment per capability, each
 * {@code {"paths": {...}, "webhooks": {...}, "components": {...}}}. Fragments are found by
 * {@link FragmentIndex}, so adding a capability never edits a central list. Two fragments that
 * define the same path+method, webhook or component name make assembly fail with both names:
 * a clash must break the build (the document test), never silently overwrite.
 */
public final class OpenApiDocument {
    /** Where the fragments live on the classpath. */
    public static final String DIRECTORY = "openapi/";
    public static final String BASE = "base.json";

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Set<String> FRAGMENT_KEYS = Set.of("paths", "webhooks", "components", "tags");
    // Not Json.MAPPER: its nesting bound is for client input; this is our own document.
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static volatile OpenApiDocument cached;

    private final ObjectNode document;
    private final byte[] bytes;
    private final String etag;

    private OpenApiDocument(ObjectNode document) {
        this.document = document;
        try {
            this.bytes = MAPPER.writeValueAsBytes(document);
            this.etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16) + "\"";
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The document of this classpath, assembled on first use. */
    public static OpenApiDocument get() {
        OpenApiDocument d = cached;
        if (d == null) {
            synchronized (OpenApiDocument.class) {
                d = cached;
                if (d == null) {
                    d = assemble(OpenApiDocument.class.getClassLoader());
                    cached = d;
                }
            }
        }
        return d;
    }

    /** Assembles the fragments {@link FragmentIndex} finds through {@code loader}. */
    public static OpenApiDocument assemble(ClassLoader loader) {
        List<String> names = FragmentIndex.list(loader, DIRECTORY);
        if (!names.contains(BASE)) throw new IllegalStateException("no " + DIRECTORY + BASE + " on the classpath");
        ObjectNode doc = read(loader, BASE).deepCopy();
        doc.withObject("/paths");
        doc.withObject("/webhooks");
        doc.withObject("/components");
        for (String name : names) {
            if (!name.equals(BASE)) merge(doc, name, read(loader, name));
        }
        if (doc.get("webhooks").isEmpty()) doc.remove("webhooks");
        declareTags(doc);
        untag(doc);
        return new OpenApiDocument(doc);
    }

    /** Merges one fragment into the document; visible for the clash tests. */
    static void merge(ObjectNode doc, String name, JsonNode fragment) {
        if (!fragment.isObject()) throw new IllegalStateException(name + ": a fragment is a JSON object");
        for (Iterator<String> it = fragment.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!FRAGMENT_KEYS.contains(key)) {
                throw new IllegalStateException(name + ": unknown top-level key '" + key + "' (a fragment has " + FRAGMENT_KEYS + ")");
            }
        }
        mergePathItems(name, "paths", (ObjectNode) doc.get("paths"), fragment.path("paths"));
        mergePathItems(name, "webhooks", (ObjectNode) doc.get("webhooks"), fragment.path("webhooks"));
        JsonNode components = fragment.path("components");
        for (Iterator<Map.Entry<String, JsonNode>> it = components.fields(); it.hasNext(); ) {
            var section = it.next();
            ObjectNode target = doc.withObject("/components").withObject("/" + section.getKey());
            for (Iterator<Map.Entry<String, JsonNode>> items = section.getValue().fields(); items.hasNext(); ) {
                var item = items.next();
                if (target.has(item.getKey())) {
                    throw new IllegalStateException(name + ": components." + section.getKey() + "." + item.getKey()
                            + " is already defined by " + owner(target.get(item.getKey())));
                }
                target.set(item.getKey(), tagged(item.getValue(), name));
            }
        }
        for (JsonNode tag : fragment.path("tags")) {
            boolean known = false;
            for (JsonNode t : doc.withArray("/tags")) known |= t.path("name").equals(tag.path("name"));
            if (!known) doc.withArray("/tags").add(tag);
        }
    }

    private static void mergePathItems(String name, String section, ObjectNode target, JsonNode items) {
        for (Iterator<Map.Entry<String, JsonNode>> it = items.fields(); it.hasNext(); ) {
            var entry = it.next();
            ObjectNode item = target.withObject("/" + escape(entry.getKey()));
            for (Iterator<Map.Entry<String, JsonNode>> ops = entry.getValue().fields(); ops.hasNext(); ) {
                var op = ops.next();
                if (METHODS.contains(op.getKey()) && item.has(op.getKey())) {
                    throw new IllegalStateException(name + ": " + section + " " + op.getKey().toUpperCase() + " " + entry.getKey()
                            + " is already defined by " + owner(item.get(op.getKey())));
                }
                if (op.getKey().equals("parameters") && item.has("parameters")) {
                    mergeParameters(name, entry.getKey(), (com.fasterxml.jackson.databind.node.ArrayNode) item.get("parameters"), op.getValue());
                    continue;
                }
                if (!METHODS.contains(op.getKey()) && item.has(op.getKey()) && !item.get(op.getKey()).equals(op.getValue())) {
                    throw new IllegalStateException(name + ": " + section + " " + entry.getKey() + " has a different '"
                            + op.getKey() + "' in " + owner(item));
                }
                item.set(op.getKey(), METHODS.contains(op.getKey()) ? tagged(op.getValue(), name) : op.getValue());
            }
        }
    }

    /**
     * Two fragments adding operations under one path may both declare its path parameters: the
     * union by (name, in). The same parameter declared differently is a clash.
     */
    private static void mergeParameters(String name, String path, com.fasterxml.jackson.databind.node.ArrayNode target, JsonNode added) {
        for (JsonNode p : added) {
            JsonNode same = null;
            for (JsonNode t : target) {
                if (t.path("name").equals(p.path("name")) && t.path("in").equals(p.path("in"))) same = t;
            }
            if (same == null) {
                target.add(p);
            } else if (!same.path("required").equals(p.path("required")) || !same.path("schema").path("type").equals(p.path("schema").path("type"))) {
                throw new IllegalStateException(name + ": path " + path + " declares parameter '" + p.path("name").asText()
                        + "' differently from another fragment");
            }
        }
    }

    /** Tags used by operations but declared by no fragment are declared (by name) at the end. */
    private static void declareTags(ObjectNode doc) {
        var declared = new java.util.HashSet<String>();
        for (JsonNode t : doc.withArray("/tags")) declared.add(t.path("name").asText());
        for (String section : List.of("paths", "webhooks")) {
            for (JsonNode item : doc.path(section)) {
                for (JsonNode op : item) {
                    for (JsonNode tag : op.path("tags")) {
                        if (tag.isTextual() && declared.add(tag.asText())) doc.withArray("/tags").addObject().put("name", tag.asText());
                    }
                }
            }
        }
    }

    // The fragment that defined an operation or component, kept only while assembling (for the
    // clash message) in a specification extension, which OpenAPI allows anywhere.
    private static final String ORIGIN = "x-purser-fragment";

    private static JsonNode tagged(JsonNode node, String fragment) {
        if (!node.isObject()) return node;
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        copy.put(ORIGIN, fragment);
        return copy;
    }

    private static void untag(ObjectNode doc) {
        for (String section : List.of("paths", "webhooks")) {
            for (JsonNode item : doc.path(section)) {
                for (JsonNode op : item) if (op.isObject()) ((ObjectNode) op).remove(ORIGIN);
            }
        }
        for (JsonNode section : doc.path("components")) {
            for (JsonNode c : section) if (c.isObject()) ((ObjectNode) c).remove(ORIGIN);
        }
    }

    private static String owner(JsonNode node) {
        return node.path(ORIGIN).asText("base.json");
    }

    private static String escape(String pointerSegment) {
        return pointerSegment.replace("~", "~0").replace("/", "~1");
    }

    private static JsonNode read(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(DIRECTORY + name)) {
            if (in == null) throw new IllegalStateException("fragment " + name + " is listed but not readable");
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("fragment " + name + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The assembled document (a copy: callers may not change the cached one). */
    public ObjectNode json() {
        return document.deepCopy();
    }

    /** The document as served: compact UTF-8 JSON. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A strong validator of {@link #text()}, for {@code ETag}/{@code If-None-Match}. */
    public String etag() {
        return etag;
    }
}
