package dev.purser.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layers of docs/architecture.md, checked on the sources: HTTP → services → budget → commit/stores.
 * A class that takes an {@code HttpRequest} or builds an {@code HttpResponse} never touches
 * DynamoDB's API; services never see HTTP; the packages have no cycles.
 *
 * <p>A package's dependencies are every {@code dev.purser.<package>} it names in code: its imports
 * (static ones too) AND its fully-qualified references, read after stripping comments, strings and
 * character literals (so a javadoc mention or a message text is not a dependency). A package is a
 * Java package, named below {@code dev.purser} ({@code ledger}, {@code ledger.store}, {@code x402tokens}).
 */
class LayersTest {
    static final Path SOURCES = Path.of("src/main/java");
    /** Any reference to a type of ours: {@code dev.purser.<package>.<Type>}, every package name {@code [a-z][a-z0-9]*}. */
    static final Pattern REFERENCE = Pattern.compile("(?<![\\w.])dev\\.purser\\.((?:[a-z][a-z0-9]*\\.)+)[A-Z]");
    /** The HTTP side: routing, the Agent/owner/operator APIs, the OpenAPI document, the tools, and the wiring. */
    static final Set<String> HTTP_SIDE = Set.of("http", "agentapi", "owner", "operator", "openapi", "tools", "config");

    @Test
    void noHttpFacingClassImportsDynamoDb() {
        List<String> offenders = sources(SOURCES).filter(LayersTest::httpFacing)
                .filter(f -> code(read(f)).contains("software.amazon.awssdk.services.dynamodb"))
                .map(Path::toString).toList();
        assertEquals(List.of(), offenders, "HTTP-facing classes using DynamoDB");
        assertFalse(sources(SOURCES).filter(LayersTest::httpFacing).toList().isEmpty(), "the scan found the HTTP layer");
    }

    /**
     * Every package outside the HTTP side is a service (or store, or value) package: its classes
     * never name {@code dev.purser.http}, except the HTTP classes a capability keeps beside its
     * service ({@code *Api}, {@code *Routes}, {@code *Body}, {@code *Http}, an {@code api} subpackage,
     * anything taking an {@code HttpRequest}).
     */
    @Test
    void servicesAndStoresNeverSeeHttp() {
        Set<String> services = new TreeSet<>();
        for (String pkg : packages(SOURCES)) services.add(pkg.split("\\.")[0]);
        services.removeAll(HTTP_SIDE);
        assertTrue(services.containsAll(Set.of("budget", "requests", "payments", "x402", "x402tokens", "spendguard",
                "settlement", "commit", "idempotency", "policy", "store", "accounts")), "every service package is listed: " + services);
        List<String> offenders = sources(SOURCES)
                .filter(f -> services.contains(packageOf(SOURCES, f).split("\\.")[0]))
                .filter(f -> !httpClass(f))
                .filter(f -> dependencies(read(f)).contains("http"))
                .map(Path::toString).toList();
        assertEquals(List.of(), offenders, "services/stores naming the HTTP layer");
    }

    @Test
    void packagesHaveNoCycles() {
        Map<String, Set<String>> deps = graph(SOURCES);
        assertTrue(deps.containsKey("x402tokens") && deps.containsKey("x402"), "package names with digits are read");
        assertEquals(List.of(), cycles(deps), "package cycles");
    }

    // ---- the test of the fence ----------------------------------------------------------------

    /** A cycle planted through a fully-qualified name (no import) is found; a mention in a comment or string is not a dependency. */
    @Test
    void aPlantedCycleFailsTheFence(@TempDir Path root) throws IOException {
        write(root, "a1/First.java", """
                package dev.purser.a1;
                import dev.purser.b2.Second;
                /** Mentions dev.purser.c3.Third in a comment only. */
                public class First { Second s; String t = "dev.purser.c3.Third"; }
                """);
        write(root, "b2/Second.java", """
                package dev.purser.b2;
                public class Second { Object o = new dev.purser.a1.First(); }
                """);
        write(root, "c3/Third.java", """
                package dev.purser.c3;
                // dev.purser.a1.First is named here only in a comment
                public class Third { }
                """);
        Map<String, Set<String>> deps = graph(root);
        assertEquals(Set.of("b2"), deps.get("a1"));
        assertEquals(Set.of("a1"), deps.get("b2"));
        assertEquals(Set.of(), deps.get("c3"), "comments and strings are stripped");
        assertEquals(List.of("a1 -> b2 -> a1"), cycles(deps), "the planted cycle is reported");
        assertFalse(cycles(deps).isEmpty());
    }

    @Test
    void withoutThePlantedEdgeThereIsNoCycle(@TempDir Path root) throws IOException {
        write(root, "a1/First.java", "package dev.purser.a1;\nimport static dev.purser.b2.Second.make;\npublic class First { }\n");
        write(root, "b2/Second.java", "package dev.purser.b2;\npublic class Second { static Object make() { return null; } }\n");
        Map<String, Set<String>> deps = graph(root);
        assertEquals(Set.of("b2"), deps.get("a1"), "static imports count");
        assertEquals(List.of(), cycles(deps));
    }

    // ---- reading the sources --------------------------------------------------------------------

    static Map<String, Set<String>> graph(Path root) {
        Map<String, Set<String>> deps = new TreeMap<>();
        sources(root).forEach(f -> {
            String pkg = packageOf(root, f);
            Set<String> to = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
            for (String d : dependencies(read(f))) if (!d.equals(pkg)) to.add(d);
        });
        return deps;
    }

    /** The top-level packages of ours a source names in code (imports and fully-qualified references). */
    static Set<String> dependencies(String source) {
        Set<String> out = new TreeSet<>();
        String code = code(source).replaceFirst("(?m)^package [\\w.]+;", "");
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) out.add(m.group(1).substring(0, m.group(1).length() - 1));
        return out;
    }

    /** The source with comments, string and character literals (text blocks too) blanked out. */
    static String code(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0, n = s.length();
        while (i < n) {
            if (s.startsWith("//", i)) {
                while (i < n && s.charAt(i) != '\n') i++;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                i = end < 0 ? n : end + 3;
                out.append("\"\"");
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                char q = s.charAt(i++);
                while (i < n && s.charAt(i) != q) i += s.charAt(i) == '\\' ? 2 : 1;
                i++;
                out.append(q).append(q);
            } else {
                out.append(s.charAt(i++));
            }
        }
        return out.toString();
    }

    /** Every cycle, one line per strongly connected component, as a path through it. */
    static List<String> cycles(Map<String, Set<String>> deps) {
        List<String> found = new ArrayList<>();
        for (Set<String> component : components(deps)) {
            if (component.size() < 2) continue;
            String start = component.iterator().next();
            found.add(start + " -> " + String.join(" -> ", pathBack(start, deps, component)));
        }
        return found;
    }

    /** The shortest path from {@code start} back to itself inside one component. */
    private static List<String> pathBack(String start, Map<String, Set<String>> deps, Set<String> component) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (String next : deps.getOrDefault(at, Set.of())) {
                if (!component.contains(next)) continue;
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String p = at; !p.equals(start); p = parent.get(p)) path.add(0, p);
                    return path;
                }
                if (parent.putIfAbsent(next, at) == null) queue.add(next);
            }
        }
        throw new IllegalStateException("no path back to " + start);
    }

    /** Tarjan's strongly connected components. */
    private static List<Set<String>> components(Map<String, Set<String>> deps) {
        Map<String, Integer> index = new HashMap<>(), low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        for (String v : deps.keySet()) if (!index.containsKey(v)) strongConnect(v, deps, index, low, stack, onStack, out);
        return out;
    }

    private static void strongConnect(String v, Map<String, Set<String>> deps, Map<String, Integer> index,
                                      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : deps.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, deps, index, low, stack, onStack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            out.add(component);
        }
    }

    private static boolean httpFacing(Path f) {
        String text = code(read(f));
        return !packageOf(SOURCES, f).startsWith("http") && (text.contains("HttpRequest ") || text.contains("HttpResponse."));
    }

    /** An HTTP class a capability keeps beside its service: it parses, authenticates and renders. */
    private static boolean httpClass(Path f) {
        String name = f.getFileName().toString().replace(".java", "");
        return httpFacing(f) || f.getParent().getFileName().toString().equals("api")
                || name.endsWith("Api") || name.endsWith("Routes") || name.endsWith("Body") || name.endsWith("Http");
    }

    static Set<String> packages(Path root) {
        Set<String> out = new TreeSet<>();
        sources(root).forEach(f -> out.add(packageOf(root, f)));
        return out;
    }

    private static String packageOf(Path root, Path f) {
        return root.resolve("dev/purser").relativize(f.getParent()).toString().replace(f.getFileSystem().getSeparator(), ".");
    }

    private static Stream<Path> sources(Path root) {
        try (Stream<Path> walk = Files.walk(root.resolve("dev/purser"))) {
            return walk.filter(p -> p.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path root, String file, String text) throws IOException {
        Path p = root.resolve("dev/purser").resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
