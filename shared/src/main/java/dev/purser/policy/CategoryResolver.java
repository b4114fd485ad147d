package dev.purser.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps the category an agent sends to one of the account's categories (§2.9), deterministically
 * and without any network call (upstream asks an LLM at step 4; Purser does not).
 *
 * <ol>
 *   <li><b>Normalize:</b> strip surrounding whitespace, lowercase, turn spaces and {@code -} into
 *       {@code _}.</li>
 *   <li><b>Exact:</b> the normalized name is an active category: that category,
 *       {@code original_category = null}.</li>
 *   <li><b>Purser's own:</b> a category Purser assigns itself ({@link #PURSER_DEFAULTS}: {@code api},
 *       the default of services and x402 authorizations) is a category of every account: itself,
 *       {@code original_category = null}.</li>
 *   <li><b>Alias:</b> the normalized name is an alias whose target is active: the target,
 *       original = the raw input as sent.</li>
 *   <li><b>No categories:</b> the account has no active categories: {@code other}, unresolved.</li>
 *   <li><b>Closest match</b> (Purser's replacement for the LLM step). Candidates are the active
 *       categories and the aliases of active categories (a name that is both counts as the
 *       category). Candidates are tried in ascending name order:
 *       <ol type="a">
 *         <li>a candidate that is a singular/plural variant of the input wins: one equals the
 *             other plus {@code s} or {@code es}, or one ends in {@code ies} where the other
 *             ends in {@code y} ({@code categories} / {@code category});</li>
 *         <li>otherwise the candidate with the smallest Damerau-Levenshtein distance (optimal
 *             string alignment: insertions, deletions, substitutions and transpositions of
 *             adjacent characters, each cost 1) wins, provided that distance is at most
 *             {@code max(1, length(input) / 4)} (integer division); ties go to the name that
 *             sorts first.</li>
 *       </ol>
 *       An alias candidate resolves to its target. Original = raw input. An empty input is
 *       never matched this way, and a known category word ({@link #KNOWN_WORDS}: the default
 *       categories and aliases, Purser's own, common spend categories such as {@code gambling})
 *       only by step a: closest match never maps a word to a different known word.</li>
 *   <li><b>Fallback:</b> {@code other}, original = raw input, unresolved (even when the account
 *       has no {@code other} category, as upstream).</li>
 * </ol>
 */
public final class CategoryResolver {
    public static final String FALLBACK = "other";
    /** Categories Purser assigns itself (services, x402 authorizations): categories of every account. */
    public static final Set<String> PURSER_DEFAULTS = Set.of("api");
    /** Words that name a category of their own: never closest-matched to another word. */
    static final Set<String> KNOWN_WORDS = knownWords();

    private CategoryResolver() {}

    public static String normalize(String raw) {
        if (raw == null) return "";
        return raw.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
    }

    /**
     * @param activeCategories the account's active category names (normalized form)
     * @param aliases alias (normalized form) to category name, for all the account's aliases;
     *                those whose target is not active are ignored
     */
    public static ResolvedCategory resolve(String raw, Set<String> activeCategories, Map<String, String> aliases) {
        String n = normalize(raw);
        if (activeCategories.contains(n) || PURSER_DEFAULTS.contains(n)) return new ResolvedCategory(n, null, false);
        String target = aliases.get(n);
        if (target != null && activeCategories.contains(target)) return new ResolvedCategory(target, raw, false);
        if (activeCategories.isEmpty() || n.isEmpty()) return new ResolvedCategory(FALLBACK, raw, true);

        String match = closest(n, candidates(activeCategories, aliases), !KNOWN_WORDS.contains(n));
        if (match != null) return new ResolvedCategory(match, raw, false);
        return new ResolvedCategory(FALLBACK, raw, true);
    }

    private static Set<String> knownWords() {
        Set<String> words = new HashSet<>(DefaultCategories.NAMES);
        words.addAll(DefaultCategories.ALIASES.keySet());
        words.addAll(PURSER_DEFAULTS);
        words.addAll(List.of("gambling", "betting", "casino", "lottery", "poker", "crypto", "cryptocurrency", "adult",
                "alcohol", "tobacco", "cannabis", "weapons", "firearms", "cash", "gift_cards", "donations", "charity",
                "travel", "insurance", "taxes", "rent", "payroll", "payouts", "transfers", "advertising", "marketing",
                "cloud", "hosting", "compute", "data"));
        return Set.copyOf(words);
    }

    /** Candidate name to the category it resolves to, sorted by name. */
    private static TreeMap<String, String> candidates(Set<String> active, Map<String, String> aliases) {
        TreeMap<String, String> c = new TreeMap<>();
        for (String cat : active) c.put(cat, cat);
        for (Map.Entry<String, String> a : aliases.entrySet()) {
            if (active.contains(a.getValue())) c.putIfAbsent(a.getKey(), a.getValue());
        }
        return c;
    }

    /** @param byDistance false for a known word: only its own plural/singular, never another word */
    private static String closest(String n, TreeMap<String, String> candidates, boolean byDistance) {
        for (Map.Entry<String, String> c : candidates.entrySet()) {
            if (pluralVariant(n, c.getKey())) return c.getValue();
        }
        if (!byDistance) return null;
        int max = Math.max(1, n.length() / 4);
        int bestDistance = Integer.MAX_VALUE;
        String best = null;
        for (Map.Entry<String, String> c : candidates.entrySet()) {
            String name = c.getKey();
            if (Math.abs(name.length() - n.length()) > max) continue; // distance can't be small enough
            int d = osaDistance(n, name);
            if (d <= max && d < bestDistance) { // strict: the earlier (smaller) name keeps a tie
                bestDistance = d;
                best = c.getValue();
            }
        }
        return best;
    }

    static boolean pluralVariant(String a, String b) {
        return pluralOf(a, b) || pluralOf(b, a);
    }

    /** Whether {@code plural} is a plural form of {@code singular}. */
    private static boolean pluralOf(String singular, String plural) {
        if (singular.isEmpty()) return false;
        if (plural.equals(singular + "s") || plural.equals(singular + "es")) return true;
        return singular.endsWith("y") && plural.endsWith("ies")
                && plural.regionMatches(0, singular, 0, singular.length() - 1)
                && plural.length() == singular.length() + 2;
    }

    /** Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring). */
    static int osaDistance(String a, String b) {
        int n = a.length(), m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) d[i][0] = i;
        for (int j = 0; j <= m; j++) d[0][j] = j;
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[n][m];
    }
}
