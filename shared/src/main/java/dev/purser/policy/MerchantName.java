package dev.purser.policy;

import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one canonical form merchant names, payee patterns and x402 domains are compared in
 * (docs/policy.md, "Canonical merchant names"), so that {@code EVIL.com.}, {@code https://evil.com},
 * {@code evil.com:443}, {@code ｅｖｉｌ.ｃｏｍ} and {@code evil\u200B.com} are all {@code evil.com}:
 * <ol>
 *   <li>Unicode NFKC (full-width and other compatibility forms become their plain letters);</li>
 *   <li>default-ignorable and format characters removed (zero-width spaces and joiners, soft
 *       hyphens, bidi controls, variation selectors, tags);</li>
 *   <li>case folding;</li>
 *   <li>a URL's scheme, user info, path/query/fragment and port removed, and trailing dots; the
 *       ideographic full stops read as dots (as IDNA does);</li>
 *   <li>IDNA to ASCII (punycode, {@code xn--} labels), where the name is a valid IDNA name;
 *       other names (say {@code Joe's Coffee}) keep the folded Unicode form.</li>
 * </ol>
 * {@link #confusableKey} adds Unicode TS #39's confusable skeleton ({@link Confusables}), which a
 * block list also compares, so the Cyrillic {@code еvil.com} is blocked by {@code evil.com}.
 * Pure and allocation-light: it runs on every decision that has a merchant rule.
 */
public final class MerchantName {
    private static final Pattern SCHEME = Pattern.compile("^[a-z][a-z0-9+.\\-]*://");
    private static final Pattern PORT = Pattern.compile(":[0-9]*$");

    private MerchantName() {}

    /** The canonical form; null for a missing name or one that is empty once canonical. */
    public static String canonical(String raw) {
        if (raw == null) return null;
        String s = withoutIgnorables(Normalizer.normalize(raw, Normalizer.Form.NFKC));
        s = Normalizer.normalize(fold(s), Normalizer.Form.NFKC).strip();
        s = s.replace('\u3002', '.').replace('\uFF61', '.');
        s = SCHEME.matcher(s).replaceFirst("");
        s = cut(s, '/', '?', '#');
        int at = s.lastIndexOf('@');
        if (at >= 0) s = s.substring(at + 1);
        s = withoutPort(s);
        while (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        s = s.strip();
        if (s.isEmpty()) return null;
        return ascii(s);
    }

    /**
     * The key two names are confusable by: the TS #39 skeleton of the name's Unicode form
     * (punycode labels decoded), case-folded and skeletonised again so that {@code 0} and
     * {@code o} (whose prototypes differ only by case) meet too. Null for a null name.
     */
    public static String confusableKey(String canonical) {
        if (canonical == null) return null;
        String unicode = canonical.contains("xn--") ? IDN.toUnicode(canonical, IDN.ALLOW_UNASSIGNED) : canonical;
        return Confusables.skeleton(fold(Confusables.skeleton(fold(unicode))));
    }

    /** Case folding: lower case, with the full folds lower-casing alone misses ({@code ß} → {@code ss}, final sigma). */
    private static String fold(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        boolean ascii = true;
        for (int i = 0; i < lower.length() && ascii; i++) ascii = lower.charAt(i) < 0x80;
        return ascii ? lower : lower.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /**
     * {@code host:443} → {@code host}: only where what precedes is a host name (a dot, no other
     * colon), so payee forms such as {@code bank:<routing>:<last 4>} keep every part.
     */
    private static String withoutPort(String s) {
        Matcher port = PORT.matcher(s);
        if (!port.find()) return s;
        String host = s.substring(0, port.start());
        return host.indexOf(':') < 0 && host.indexOf('.') >= 0 ? host : s;
    }

    private static String cut(String s, char... at) {
        int end = s.length();
        for (char c : at) {
            int i = s.indexOf(c);
            if (i >= 0 && i < end) end = i;
        }
        return s.substring(0, end);
    }

    private static String ascii(String s) {
        boolean plain = true;
        for (int i = 0; i < s.length() && plain; i++) plain = s.charAt(i) < 0x80;
        if (plain) return s;
        try {
            return IDN.toASCII(s, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notADomain) {
            return s; // not an IDNA name (a label too long, a prohibited character): the folded Unicode form
        }
    }

    static String withoutIgnorables(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if (ignorable(cp)) {
                if (out == null) out = new StringBuilder(s.length()).append(s, 0, i);
            } else if (out != null) {
                out.appendCodePoint(cp);
            }
            i += n;
        }
        return out == null ? s : out.toString();
    }

    /** Default_Ignorable_Code_Point (Unicode DerivedCoreProperties) or general category Cf. */
    static boolean ignorable(int cp) {
        if (Character.getType(cp) == Character.FORMAT) return true;
        return cp == 0x00AD || cp == 0x034F || cp == 0x061C || (cp >= 0x115F && cp <= 0x1160)
                || (cp >= 0x17B4 && cp <= 0x17B5) || (cp >= 0x180B && cp <= 0x180F)
                || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F)
                || cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFF8)
                || (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A)
                || (cp >= 0xE0000 && cp <= 0xE0FFF);
    }
}
