package dev.purser.policy;

import static dev.purser.policy.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MerchantNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"evil.com", "EVIL.com.", "https://evil.com", "evil.com:443", "HTTPS://user:pw@Evil.Com:8443/pay?x=1#f",
            "evil\u200B.com", "\uFF45\uFF56\uFF49\uFF4C\uFF0E\uFF43\uFF4F\uFF4D", "e\u00ADvil.com", "\u202Eevil.com\u202C",
            "evil.com..", "  evil.com  ", "evil\u3002com", "evil.com/"})
    void respellingsShareTheCanonicalForm(String spelling) {
        assertEquals("evil.com", MerchantName.canonical(spelling));
    }

    @Test
    void idnaToAsciiAndConfusables() {
        String cyrillic = MerchantName.canonical("\u0435vil.com"); // Cyrillic е
        assertTrue(cyrillic.startsWith("xn--"), cyrillic);
        assertEquals(cyrillic, MerchantName.canonical("\u0415VIL.COM")); // upper-case Cyrillic Е, case-folded
        assertEquals(MerchantName.confusableKey("evil.com"), MerchantName.confusableKey(cyrillic));
        assertEquals(MerchantName.confusableKey("google.com"), MerchantName.confusableKey(MerchantName.canonical("g00gle.com")));
        assertFalse(MerchantName.confusableKey("evil.com").equals(MerchantName.confusableKey("devil.com")));
        assertEquals(MerchantName.canonical("strasse.de"), MerchantName.canonical("STRA\u00DFE.de"));
        assertEquals(MerchantName.canonical("strasse.de"), MerchantName.canonical("STRASSE.de"));
    }

    @Test
    void namesThatAreNotDomainsKeepTheirFoldedForm() {
        assertEquals("joe's coffee", MerchantName.canonical("Joe's Coffee"));
        assertEquals("amazon", MerchantName.canonical("\uFF21mazon"));
        assertNull(MerchantName.canonical("  "));
        assertNull(MerchantName.canonical("\u200B"));
        assertNull(MerchantName.canonical(null));
        assertEquals("*.example.com", MerchantName.canonical("*.EXAMPLE.com."));
        // Payee forms with colons keep every part (a port is removed from host names only).
        assertEquals("bank:021000021:1234", MerchantName.canonical("bank:021000021:1234"));
        assertEquals("merchant:demo", MerchantName.canonical("merchant:demo"));
        assertEquals("localhost:8080", MerchantName.canonical("localhost:8080"));
        assertEquals("0xab5801a7d398351b8be11c439e05c5b3259aec9b", MerchantName.canonical("0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B"));
    }

    @Test
    void wildcardsApplyToTheCanonicalForm() {
        MerchantPattern p = MerchantPattern.of("*.Example.COM.");
        assertTrue(p.matches(MerchantName.canonical("https://shop.example.com:443/x")));
        assertTrue(p.matches(MerchantName.canonical("EXAMPLE.com")));
        assertFalse(p.matches(MerchantName.canonical("badexample.com")));
        assertTrue(p.confusable(MerchantName.confusableKey(MerchantName.canonical("shop.\u0435xample.com"))));
    }

    /** Respellings of the bare name: case, invisible characters, full width, look-alikes. */
    static final List<UnaryOperator<String>> SPELLINGS = List.of(
            String::toUpperCase,
            s -> s.charAt(0) + "\u200B" + s.substring(1),
            s -> s.charAt(0) + "\u200D" + s.substring(1),
            s -> s.charAt(0) + "\u00AD" + s.substring(1),
            s -> "\uFEFF" + s,
            MerchantNameTest::fullWidth,
            MerchantNameTest::confusable);

    /** What a name can be wrapped in, innermost first: trailing dot, port, user info, scheme and path. */
    static final List<UnaryOperator<String>> DECORATIONS = List.of(
            s -> s + ".",
            s -> s + ":443",
            s -> "user@" + s,
            s -> "https://" + s + "/checkout?id=1");

    static String fullWidth(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) b.append(c >= '!' && c <= '~' ? (char) (c - '!' + 0xFF01) : c);
        return b.toString();
    }

    /** Latin letters replaced by look-alikes (Cyrillic, Greek, digits). */
    static String confusable(String s) {
        String from = "aceopxyiolsm";
        String[] to = {"\u0430", "\u0441", "\u0435", "\u043E", "\u0440", "\u0445", "\u0443", "\u0456", "0", "1", "\u0455", "rn"};
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            int i = from.indexOf(c);
            b.append(i < 0 ? String.valueOf(c) : to[i]);
        }
        return b.toString();
    }

    /**
     * Seeded: random blocked merchants and random combinations of respellings through the pure
     * engine; none is approved, and the check's detail shows the canonical form.
     */
    @Test
    void noRespellingOfABlockedMerchantPasses() {
        Random random = new Random(2323);
        String letters = "abcdefghijklmnopqrstuvwxyz";
        for (int round = 0; round < 1000; round++) {
            StringBuilder name = new StringBuilder();
            for (int i = 0, n = 3 + random.nextInt(8); i < n; i++) name.append(letters.charAt(random.nextInt(26)));
            String blocked = name + (random.nextBoolean() ? ".com" : ".io");
            Policy policy = Policy.parse(json("{\"blocked_merchants\": [\"" + blocked + "\"], \"auto_approve\": {\"enabled\": true}}"));
            String spelled = blocked;
            for (int k = 0, n = 1 + random.nextInt(3); k < n; k++) spelled = SPELLINGS.get(random.nextInt(SPELLINGS.size())).apply(spelled);
            for (UnaryOperator<String> d : DECORATIONS) if (random.nextBoolean()) spelled = d.apply(spelled);
            Decision d = PolicyEngineTest.eval(Fixtures.attempt("1", "other", spelled), policy, Fixtures.snap());
            Check merchant = d.checks().stream().filter(c -> c.rule().equals("merchant")).findFirst().orElseThrow();
            String shown = spelled;
            assertFalse(merchant.passed(), () -> shown + " passed " + blocked + ": " + merchant.detail());
            assertFalse(d.passed(), shown);
            assertTrue(merchant.detail().contains("is blocked"), merchant.detail());
        }
    }
}
