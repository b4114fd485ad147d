package dev.purser.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.events.EventType;
import dev.purser.http.Route;
import dev.purser.testing.OpenApiSchemas;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served document: complete, valid OpenAPI 3.1, its examples valid, its assembly strict. */
class OpenApiDocumentTest {
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    static final ObjectMapper MAPPER = new ObjectMapper();
    final ObjectNode doc = OpenApiDocument.get().json();

    // ---- completeness against the routing table

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() {
        Set<String> routes = new TreeSet<>();
        for (Route r : Route.values()) routes.add(r.method() + " " + r.path());
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            var path = paths.next();
            for (Iterator<String> keys = path.getValue().fieldNames(); keys.hasNext(); ) {
                String k = keys.next();
                if (METHODS.contains(k)) documented.add(k.toUpperCase() + " " + path.getKey());
            }
        }
        Set<String> undocumented = new TreeSet<>(routes);
        undocumented.removeAll(documented);
        Set<String> unrouted = new TreeSet<>(documented);
        unrouted.removeAll(routes);
        assertEquals(Set.of(), undocumented, "routes missing from the OpenAPI document (add them to the capability's fragment)");
        assertEquals(Set.of(), unrouted, "documented operations that no Route serves");
    }

    // ---- a real validator

    @Test
    void isValidOpenApi31ForSwaggerParser() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(OpenApiDocument.get().text(), null, options);
        assertEquals(List.of(), result.getMessages());
        assertNotNull(result.getOpenAPI());
        assertEquals(SpecVersion.V31, result.getOpenAPI().getSpecVersion());
        assertEquals("3.1.0", result.getOpenAPI().getOpenapi());
        assertEquals(Route.values().length, result.getOpenAPI().getPaths().values().stream()
                .mapToInt(p -> p.readOperations().size()).sum());
    }

    @Test
    void swaggerParserReportsABrokenDocument() {
        // The validator above can fail: a dangling $ref and a missing responses object are messages.
        ObjectNode broken = doc.deepCopy();
        ((ObjectNode) broken.at("/paths/~1v1~1wallets/get")).remove("responses");
        ((ObjectNode) broken.at("/paths/~1v1~1payments/post/responses/201/content/application~1json/schema")).put("$ref", "#/components/schemas/Nope");
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(broken.toString(), null, options);
        assertTrue(result.getMessages().size() >= 1, String.valueOf(result.getMessages()));
    }

    // ---- conventions every fragment keeps (GUIDE.md; docs/openapi.md)

    @Test
    void everyOperationFollowsTheConventions() {
        Set<String> ids = new HashSet<>();
        Set<String> tags = new HashSet<>();
        doc.get("tags").forEach(t -> tags.add(t.get("name").asText()));
        Set<String> schemes = new HashSet<>();
        doc.at("/components/securitySchemes").fieldNames().forEachRemaining(schemes::add);
        List<String> problems = new ArrayList<>();
        forEachOperation((where, path, op) -> {
            String id = op.path("operationId").asText("");
            if (id.isEmpty() || !ids.add(id)) problems.add(where + ": operationId missing or not unique: " + id);
            if (op.path("summary").asText("").isBlank()) problems.add(where + ": no summary");
            if (!op.path("tags").isArray() || op.path("tags").isEmpty()) problems.add(where + ": no tags");
            op.path("tags").forEach(t -> { if (!tags.contains(t.asText())) problems.add(where + ": tag not declared: " + t); });
            if (!op.has("security")) problems.add(where + ": no security (use [] for a public route)");
            op.path("security").forEach(req -> req.fieldNames().forEachRemaining(s -> {
                if (!schemes.contains(s)) problems.add(where + ": unknown security scheme " + s);
            }));
            JsonNode body = op.at("/requestBody/content/application~1json");
            if (!body.isMissingNode() && !body.has("example")) problems.add(where + ": request body without example");
            boolean success = false;
            for (Iterator<Map.Entry<String, JsonNode>> it = op.path("responses").fields(); it.hasNext(); ) {
                var r = it.next();
                if (r.getKey().startsWith("2")) {
                    success = true;
                    JsonNode json = r.getValue().at("/content/application~1json");
                    if (!json.isMissingNode() && !json.has("example") && !path.startsWith("/openapi")) {
                        problems.add(where + ": " + r.getKey() + " without example");
                    }
                }
                if (r.getKey().startsWith("4") && !r.getValue().has("$ref") && !r.getValue().has("content")) {
                    problems.add(where + ": " + r.getKey() + " has no body (use #/components/responses/Problem)");
                }
            }
            if (!success) problems.add(where + ": no 2xx response");
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path);
            while (m.find()) {
                String name = m.group(1);
                boolean declared = false;
                for (JsonNode p : doc.get("paths").get(path).path("parameters")) declared |= name.equals(p.path("name").asText()) && "path".equals(p.path("in").asText());
                for (JsonNode p : op.path("parameters")) declared |= name.equals(p.path("name").asText()) && "path".equals(p.path("in").asText());
                if (!declared) problems.add(where + ": path parameter {" + name + "} not declared");
            }
        });
        assertEquals(List.of(), problems);
    }

    // ---- examples

    @Test
    void everyExampleValidatesAgainstItsSchema() {
        OpenApiSchemas schemas = new OpenApiSchemas(doc);
        List<String> problems = new ArrayList<>();
        int[] checked = {0};
        forEachOperation((where, path, op) -> {
            for (Iterator<Map.Entry<String, JsonNode>> it = op.path("requestBody").path("content").fields(); it.hasNext(); ) {
                var media = it.next();
                check(schemas, where + " request " + media.getKey(), media.getValue(), problems, checked);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = op.path("responses").fields(); it.hasNext(); ) {
                var r = it.next();
                JsonNode response = r.getValue().has("$ref") ? schemas.at(r.getValue().get("$ref").asText()) : r.getValue();
                for (Iterator<Map.Entry<String, JsonNode>> media = response.path("content").fields(); media.hasNext(); ) {
                    var m = media.next();
                    check(schemas, where + " " + r.getKey() + " " + m.getKey(), m.getValue(), problems, checked);
                }
            }
        });
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.at("/components/responses").fields(); it.hasNext(); ) {
            var r = it.next();
            check(schemas, "components.responses." + r.getKey(), r.getValue().at("/content/application~1json"), problems, checked);
        }
        assertEquals(List.of(), problems);
        assertTrue(checked[0] > 150, "examples checked: " + checked[0]);
    }

    @Test
    void aWrongExampleIsCaught() {
        // The check above can fail: a wallet whose balance is a number, or with an unknown field, is refused.
        OpenApiSchemas schemas = new OpenApiSchemas(doc);
        JsonNode schema = schemas.responseSchema("GET", "/v1/wallets/{wallet_id}/balance", 200);
        ObjectNode good = (ObjectNode) doc.at("/paths/~1v1~1wallets~1{wallet_id}~1balance/get/responses/200/content/application~1json/example").deepCopy();
        assertEquals(List.of(), schemas.errors(schema, good));
        assertEquals(1, schemas.errors(schema, good.deepCopy().put("balance", 12.5)).size());
        assertEquals(1, schemas.errors(schema, good.deepCopy().put("surprise", true)).size());
    }

    private static void check(OpenApiSchemas schemas, String where, JsonNode media, List<String> problems, int[] checked) {
        if (!media.has("example") || !media.has("schema")) return;
        JsonNode schema = media.get("schema");
        if (schema.path("type").asText().equals("string") && schema.has("contentMediaType")) {
            if (!media.get("example").isTextual()) problems.add(where + ": example is not text");
            checked[0]++;
            return;
        }
        for (String e : schemas.errors(schema, media.get("example"))) problems.add(where + ": " + e);
        for (String e : schemas.undeclared(schema, media.get("example"))) problems.add(where + ": undeclared " + e);
        checked[0]++;
    }

    interface OperationVisitor {
        void visit(String where, String path, JsonNode operation);
    }

    private void forEachOperation(OperationVisitor visitor) {
        for (String section : List.of("paths", "webhooks")) {
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path(section).fields(); paths.hasNext(); ) {
                var path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                    var op = ops.next();
                    if (!METHODS.contains(op.getKey())) continue;
                    String where = section + " " + op.getKey().toUpperCase() + " " + path.getKey();
                    if (section.equals("webhooks")) {
                        // A webhook is Purser's request to the subscriber: no security, no Problem answers.
                        JsonNode body = op.getValue().at("/requestBody/content/application~1json");
                        if (!body.has("example")) throw new AssertionError(where + ": webhook payload without example");
                        continue;
                    }
                    visitor.visit(where, path.getKey(), op.getValue());
                }
            }
        }
    }

    @Test
    void webhookPayloadsValidate() {
        OpenApiSchemas schemas = new OpenApiSchemas(doc);
        List<String> problems = new ArrayList<>();
        int n = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("webhooks").fields(); it.hasNext(); ) {
            var hook = it.next();
            JsonNode media = hook.getValue().at("/post/requestBody/content/application~1json");
            for (String e : schemas.errors(media.get("schema"), media.get("example"))) problems.add(hook.getKey() + ": " + e);
            for (String e : schemas.undeclared(media.get("schema"), media.get("example"))) problems.add(hook.getKey() + ": undeclared " + e);
            // A webhook is Purser's request to the subscriber: no credentials, and its own tag, apart
            // from the subscription operations (a generator would otherwise merge them into one API).
            JsonNode post = hook.getValue().get("post");
            if (!post.path("security").isArray() || !post.path("security").isEmpty()) problems.add(hook.getKey() + ": security must be []");
            if (!List.of("Webhook Events").equals(List.of(post.path("tags").path(0).asText()))) problems.add(hook.getKey() + ": tag " + post.path("tags"));
            n++;
        }
        assertEquals(List.of(), problems);
        assertTrue(n >= 10, "webhooks: " + n);
    }

    @Test
    void theWebhookPayloadsListExactlyTheEventTypesPurserSends() {
        Set<String> documented = new TreeSet<>();
        List<String> twice = new ArrayList<>();
        for (JsonNode hook : doc.get("webhooks")) {
            for (JsonNode t : hook.at("/post/requestBody/content/application~1json/schema/properties/type/enum")) {
                if (!documented.add(t.asText())) twice.add(t.asText());
            }
        }
        Set<String> sent = new TreeSet<>();
        for (EventType t : EventType.values()) sent.add(t.wire());
        Set<String> undocumented = new TreeSet<>(sent);
        undocumented.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(sent);
        assertEquals(Set.of(), undocumented, "event types without a webhook payload schema");
        assertEquals(Set.of(), unknown, "documented event types Purser never sends");
        assertEquals(List.of(), twice, "event types documented twice");
    }

    @Test
    void anUndeclaredFieldIsCaught() {
        OpenApiSchemas schemas = new OpenApiSchemas(doc);
        JsonNode schema = schemas.webhookSchema("wallet.created");
        JsonNode example = doc.at("/webhooks/wallet/post/requestBody/content/application~1json/example");
        assertEquals(List.of(), schemas.undeclared(schema, example));
        ObjectNode extra = example.deepCopy();
        ((ObjectNode) extra.get("data")).put("surprise", 1);
        assertEquals(List.of("$.data.surprise"), schemas.undeclared(schema, extra));
    }

    // ---- assembly

    @Test
    void aDuplicateOperationFailsNamingBothFragments() throws Exception {
        ObjectNode d = base();
        OpenApiDocument.merge(d, "a.json", MAPPER.readTree("{\"paths\": {\"/v1/x\": {\"get\": {\"operationId\": \"a\"}}}}"));
        OpenApiDocument.merge(d, "b.json", MAPPER.readTree("{\"paths\": {\"/v1/x\": {\"post\": {\"operationId\": \"b\"}}}}"));
        var e = assertThrows(IllegalStateException.class, () ->
                OpenApiDocument.merge(d, "c.json", MAPPER.readTree("{\"paths\": {\"/v1/x\": {\"get\": {\"operationId\": \"c\"}}}}")));
        assertTrue(e.getMessage().contains("c.json") && e.getMessage().contains("a.json") && e.getMessage().contains("GET /v1/x"), e.getMessage());
    }

    @Test
    void aDuplicateSchemaNameFailsNamingBothFragments() throws Exception {
        ObjectNode d = base();
        OpenApiDocument.merge(d, "a.json", MAPPER.readTree("{\"components\": {\"schemas\": {\"Thing\": {\"type\": \"object\"}}}}"));
        var e = assertThrows(IllegalStateException.class, () ->
                OpenApiDocument.merge(d, "b.json", MAPPER.readTree("{\"components\": {\"schemas\": {\"Thing\": {\"type\": \"string\"}}}}")));
        assertTrue(e.getMessage().contains("b.json") && e.getMessage().contains("a.json") && e.getMessage().contains("Thing"), e.getMessage());
        // base.json's shared schemas are as taken as anyone's.
        var clash = assertThrows(IllegalStateException.class, () ->
                OpenApiDocument.merge(d, "c.json", MAPPER.readTree("{\"components\": {\"schemas\": {\"Problem\": {}}}}")));
        assertTrue(clash.getMessage().contains("base.json"), clash.getMessage());
    }

    @Test
    void aDuplicateWebhookOrUnknownKeyFails() throws Exception {
        ObjectNode d = base();
        OpenApiDocument.merge(d, "a.json", MAPPER.readTree("{\"webhooks\": {\"thing\": {\"post\": {}}}}"));
        assertThrows(IllegalStateException.class, () -> OpenApiDocument.merge(d, "b.json", MAPPER.readTree("{\"webhooks\": {\"thing\": {\"post\": {}}}}")));
        var e = assertThrows(IllegalStateException.class, () -> OpenApiDocument.merge(d, "c.json", MAPPER.readTree("{\"path\": {}}")));
        assertTrue(e.getMessage().contains("'path'"), e.getMessage());
    }

    @Test
    void pathParametersOfOnePathFromTwoFragmentsAreMergedAndUndeclaredTagsDeclared() throws Exception {
        ObjectNode d = base();
        String param = "{\"name\": \"id\", \"in\": \"path\", \"required\": true, \"schema\": {\"type\": \"string\"}}";
        OpenApiDocument.merge(d, "a.json", MAPPER.readTree("{\"paths\": {\"/v1/x/{id}\": {\"parameters\": [" + param + "], \"get\": {\"tags\": [\"X\"]}}}}"));
        OpenApiDocument.merge(d, "b.json", MAPPER.readTree("{\"paths\": {\"/v1/x/{id}\": {\"parameters\": [" + param.replace("string\"}", "string\", \"maxLength\": 9}")
                + "], \"post\": {\"tags\": [\"Y\"]}}}}"));
        assertEquals(1, d.at("/paths/~1v1~1x~1{id}/parameters").size());
        var e = assertThrows(IllegalStateException.class, () -> OpenApiDocument.merge(d, "c.json", MAPPER.readTree(
                "{\"paths\": {\"/v1/x/{id}\": {\"parameters\": [" + param.replace("string", "integer") + "], \"put\": {}}}}")));
        assertTrue(e.getMessage().contains("c.json") && e.getMessage().contains("'id'"), e.getMessage());
        Set<String> tags = new TreeSet<>();
        doc.get("tags").forEach(t -> tags.add(t.get("name").asText()));
        forEachOperation((where, path, op) -> op.path("tags").forEach(t -> assertTrue(tags.contains(t.asText()), where)));
    }

    @Test
    void theServedDocumentCarriesNoAssemblyMarks() {
        assertTrue(!OpenApiDocument.get().text().contains("x-purser-fragment"));
    }

    @Test
    void fragmentsAreFoundInsideAJarWithoutAnyList(@TempDir Path dir) throws Exception {
        // The shaded Lambda jar and the local runtime read the fragments from a jar: list them there too.
        Path jar = dir.resolve("fragments.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, "openapi/", null);
            put(out, "openapi/base.json", "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"components\": {\"schemas\": {\"Problem\": {}}}}");
            put(out, "openapi/zeta.json", "{\"paths\": {\"/z\": {\"get\": {\"operationId\": \"z\"}}}}");
            put(out, "openapi/alpha.json", "{\"paths\": {\"/a\": {\"get\": {\"operationId\": \"a\"}}}, \"components\": {\"schemas\": {\"A\": {}}}}");
            put(out, "openapi/notes/readme.json", "not even json");
            put(out, "openapi/readme.txt", "ignored");
        }
        try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertEquals(List.of("alpha.json", "base.json", "zeta.json"), FragmentIndex.list(loader, OpenApiDocument.DIRECTORY));
            ObjectNode assembled = OpenApiDocument.assemble(loader).json();
            assertEquals(Set.of("/a", "/z"), fieldNames(assembled.get("paths")));
            assertEquals(Set.of("A", "Problem"), fieldNames(assembled.at("/components/schemas")));
        }
        // And a clash inside a jar fails assembly.
        Path bad = dir.resolve("bad.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(bad))) {
            put(out, "openapi/base.json", "{\"openapi\": \"3.1.0\"}");
            put(out, "openapi/one.json", "{\"paths\": {\"/a\": {\"get\": {}}}}");
            put(out, "openapi/two.json", "{\"paths\": {\"/a\": {\"get\": {}}}}");
        }
        try (var loader = new URLClassLoader(new URL[] {bad.toUri().toURL()}, null)) {
            var e = assertThrows(IllegalStateException.class, () -> OpenApiDocument.assemble(loader));
            assertTrue(e.getMessage().contains("two.json") && e.getMessage().contains("one.json"), e.getMessage());
        }
    }

    @Test
    void theClasspathHoldsEveryFragmentOfTheSourceTree() throws Exception {
        // Nothing is left out by the listing: every *.json of the resources folder is assembled.
        Path src = Path.of("src/main/resources/openapi");
        Set<String> files = new TreeSet<>();
        try (var s = Files.list(src)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(files::add);
        }
        assertEquals(files, new TreeSet<>(FragmentIndex.list(getClass().getClassLoader(), OpenApiDocument.DIRECTORY)));
    }

    private static ObjectNode base() {
        ObjectNode d = MAPPER.createObjectNode();
        d.withObject("/paths");
        d.withObject("/webhooks");
        d.withObject("/components").withObject("/schemas").putObject("Problem");
        return d;
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> s = new TreeSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }

    private static void put(JarOutputStream out, String name, String text) throws Exception {
        out.putNextEntry(new JarEntry(name));
        if (text != null) out.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
