package dev.purser.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Confusables}' table is ICU4J's confusables data: this test derives it from ICU4J 79.1's
 * {@link SpoofChecker#getSkeleton} and fails when the committed resource differs. Regenerate with
 * {@code -Dpurser.writeConfusables=true} (writes shared/src/main/resources/…/confusables.txt).
 */
class ConfusablesTableTest {
    static final SpoofChecker ICU = new SpoofChecker.Builder().build();
    static final Normalizer2 NFD = Normalizer2.getNFDInstance();

    static String derive() {
        StringBuilder out = new StringBuilder("# Unicode TS #39 prototypes, from ICU4J 79.1 SpoofChecker (ConfusablesTableTest)\n");
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) continue;
            String one = new String(Character.toChars(cp));
            if (!NFD.isNormalized(one)) continue; // never seen after NFD
            String skeleton = ICU.getSkeleton(one);
            if (skeleton.equals(one)) continue;
            out.append(Integer.toHexString(cp));
            skeleton.codePoints().forEach(c -> out.append(' ').append(Integer.toHexString(c)));
            out.append('\n');
        }
        return out.toString();
    }

    @Test
    void theCommittedTableIsIcusData() throws IOException {
        String derived = derive();
        if (Boolean.getBoolean("purser.writeConfusables")) {
            Files.writeString(Path.of("src/main/resources/dev/purser/policy", Confusables.RESOURCE), derived, StandardCharsets.US_ASCII);
        }
        try (InputStream in = Confusables.class.getResourceAsStream(Confusables.RESOURCE)) {
            assertEquals(derived, new String(in.readAllBytes(), StandardCharsets.US_ASCII),
                    "confusables.txt differs from ICU4J's data: regenerate with -Dpurser.writeConfusables=true");
        }
    }

    /** Random strings over confusable-rich ranges: the same skeleton as ICU's (Java's NFD knows these code points). */
    @Test
    void skeletonsEqualIcus() {
        Random random = new Random(23);
        int[][] ranges = {{0x20, 0x7e}, {0xa0, 0x24f}, {0x370, 0x52f}, {0x1d400, 0x1d7ff}, {0xff01, 0xff5e}, {0x2000, 0x2bff}};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int j = 0, n = 1 + random.nextInt(8); j < n; j++) {
                int[] r = ranges[random.nextInt(ranges.length)];
                int cp = r[0] + random.nextInt(r[1] - r[0] + 1);
                if (Character.isDefined(cp)) s.appendCodePoint(cp);
            }
            assertEquals(ICU.getSkeleton(s), Confusables.skeleton(s.toString()), () -> "skeleton of " + s);
        }
    }

    @Test
    void knownConfusables() {
        assertEquals(Confusables.skeleton("evil.com"), Confusables.skeleton("\u0435vil.com")); // Cyrillic е
        assertEquals(Confusables.skeleton("paypal"), Confusables.skeleton("p\u0430yp\u0430l")); // Cyrillic а
        assertEquals(Confusables.skeleton("evil.com"), Confusables.skeleton("evil.corn"));
        assertTrue(!Confusables.skeleton("evil.com").equals(Confusables.skeleton("devil.com")));
    }
}
