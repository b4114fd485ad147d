package dev.purser.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Map;

/**
 * Unicode TS #39 confusable skeletons: {@code skeleton(X) = NFD(map(NFD(X)))}, where {@code map}
 * replaces each code point by its prototype from the confusables data.
 *
 * <p>The data is ICU4J 79.1's: {@code confusables.txt} next to this class holds, for every code
 * point ICU's {@code SpoofChecker.getSkeleton} changes, what it maps it to; it is generated from
 * ICU4J by {@code ConfusablesTableTest}, which also fails when the table and ICU disagree. ICU4J
 * itself (15 MB) would not fit the functions jar's 15 MiB budget (docs/policy.md).
 */
public final class Confusables {
    static final String RESOURCE = "confusables.txt";

    private Confusables() {}

    /** Loaded once per container, on first use. */
    private static final class Table {
        static final Map<Integer, String> PROTOTYPES = load();
    }

    public static String skeleton(String s) {
        String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(nfd.length());
        Map<Integer, String> table = Table.PROTOTYPES;
        for (int i = 0; i < nfd.length(); ) {
            int cp = nfd.codePointAt(i);
            String prototype = table.get(cp);
            if (prototype == null) out.appendCodePoint(cp);
            else out.append(prototype);
            i += Character.charCount(cp);
        }
        return Normalizer.normalize(out, Normalizer.Form.NFD);
    }

    /** Lines {@code <hex code point> <hex code point>…}: the source and its prototype. */
    private static Map<Integer, String> load() {
        Map<Integer, String> m = new HashMap<>(16_384);
        try (InputStream in = Confusables.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] parts = line.split(" ");
                StringBuilder prototype = new StringBuilder();
                for (int i = 1; i < parts.length; i++) prototype.appendCodePoint(Integer.parseInt(parts[i], 16));
                m.put(Integer.parseInt(parts[0], 16), prototype.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
