package dev.purser.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/architecture.md, checked on the sources: HTTP → services → commit/stores.
 * A class that takes an {@code HttpRequest} or builds an {@code HttpResponse} never touches
 * DynamoDB's API; services never see HTTP; the packages have no cycles.
 */
class LayersTest {
    static final Path SOURCES = Path.of("src/main/java");
    static final Pattern IMPORT = Pattern.compile("^import (?:static )?(dev\\.purser\\.[a-z]+)\\.", Pattern.MULTILINE);

    @Test
    void noHttpFacingClassImportsDynamoDb() {
        List<String> offenders = sources().filter(LayersTest::httpFacing)
                .filter(f -> read(f).contains("import software.amazon.awssdk.services.dynamodb"))
                .map(Path::toString).toList();
        assertEquals(List.of(), offenders, "HTTP-facing classes importing DynamoDB");
        assertFalse(sources().filter(LayersTest::httpFacing).toList().isEmpty(), "the scan found the HTTP layer");
    }

    @Test
    void servicesAndStoresNeverSeeHttp() {
        Set<String> core = Set.of("commit", "idempotency", "requests", "accounts", "events", "policy", "store", "money", "time");
        List<String> offenders = sources()
                .filter(f -> core.contains(packageOf(f)))
                .filter(f -> read(f).contains("import dev.purser.http."))
                .map(Path::toString).toList();
        assertEquals(List.of(), offenders, "services/stores importing the HTTP layer");
    }

    @Test
    void packagesHaveNoCycles() {
        Map<String, Set<String>> deps = new TreeMap<>();
        sources().forEach(f -> {
            String pkg = packageOf(f);
            Matcher m = IMPORT.matcher(read(f));
            while (m.find()) {
                String to = m.group(1).substring("dev.purser.".length());
                if (!to.equals(pkg)) deps.computeIfAbsent(pkg, k -> new TreeSet<>()).add(to);
            }
            deps.computeIfAbsent(pkg, k -> new TreeSet<>());
        });
        for (String start : deps.keySet()) {
            String cycle = cycleFrom(start, start, deps, new TreeSet<>(), start);
            assertEquals(null, cycle, "package cycle");
        }
    }

    private static String cycleFrom(String start, String at, Map<String, Set<String>> deps, Set<String> seen, String path) {
        for (String next : deps.getOrDefault(at, Set.of())) {
            if (next.equals(start)) return path + " -> " + next;
            if (seen.add(next)) {
                String c = cycleFrom(start, next, deps, seen, path + " -> " + next);
                if (c != null) return c;
            }
        }
        return null;
    }

    private static boolean httpFacing(Path f) {
        String text = read(f);
        return !packageOf(f).equals("http") && (text.contains("HttpRequest ") || text.contains("HttpResponse."));
    }

    private static String packageOf(Path f) {
        return SOURCES.resolve("dev/purser").relativize(f).getName(0).toString();
    }

    private static Stream<Path> sources() {
        try {
            return Files.walk(SOURCES.resolve("dev/purser")).filter(p -> p.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
