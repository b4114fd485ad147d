package dev.purser.openapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Lists the {@code *.json} files of one classpath directory, so a capability's fragment is found
 * by being there (no central list for parallel branches to fight over). The directory is located
 * through a file every copy of it holds ({@code base.json}), which works for an exploded
 * directory ({@code target/classes}, Lambda's unzipped {@code /var/task}) and for a jar (the
 * shaded functions jar, the local runtime); a test builds a jar to prove the second.
 */
final class FragmentIndex {
    private FragmentIndex() {}

    /** File names (not paths) of the directory's JSON files, sorted: assembly is deterministic. */
    static List<String> list(ClassLoader loader, String directory) {
        var names = new TreeSet<String>();
        try {
            Enumeration<URL> anchors = loader.getResources(directory + OpenApiDocument.BASE);
            for (URL anchor : Collections.list(anchors)) {
                switch (anchor.getProtocol()) {
                    case "file" -> fromDirectory(Path.of(anchor.toURI()).getParent(), names);
                    case "jar" -> fromJar(anchor, directory, names);
                    default -> throw new IllegalStateException("cannot list fragments at " + anchor);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return new ArrayList<>(names);
    }

    private static void fromDirectory(Path dir, TreeSet<String> names) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(names::add);
        }
    }

    private static void fromJar(URL anchor, String directory, TreeSet<String> names) throws IOException {
        var connection = (JarURLConnection) anchor.openConnection();
        connection.setUseCaches(false); // a cached JarFile would be closed under another reader
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry e : Collections.list(jar.entries())) {
                String n = e.getName();
                if (n.startsWith(directory) && n.endsWith(".json") && n.indexOf('/', directory.length()) < 0) {
                    names.add(n.substring(directory.length()));
                }
            }
        }
    }
}
