package dev.purser.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CategoryResolverTest {
    /** The upstream test fixture: the 16 defaults plus api, and a small alias set (§2.9). */
    static final Set<String> ACTIVE;
    static final Map<String, String> ALIASES = Map.of(
            "food", "food_delivery", "delivery", "food_delivery", "uber_eats", "food_delivery",
            "software", "subscriptions", "hotel", "accommodation", "uber", "taxi",
            "grocery", "groceries", "dining", "restaurants");

    static {
        Set<String> s = new HashSet<>(DefaultCategories.NAMES);
        s.add("api");
        ACTIVE = Set.copyOf(s);
    }

    static ResolvedCategory resolve(String raw) {
        return CategoryResolver.resolve(raw, ACTIVE, ALIASES);
    }

    @Test
    void defaults() {
        assertEquals(16, DefaultCategories.NAMES.size());
        assertEquals("accommodation", DefaultCategories.NAMES.get(0));
        assertEquals("transport", DefaultCategories.NAMES.get(15));
        assertEquals("food_delivery", DefaultCategories.ALIASES.get("doordash"));
        assertEquals("health", DefaultCategories.ALIASES.get("gym"));
        assertEquals("other", DefaultCategories.ALIASES.get("misc"));
        assertEquals(90, DefaultCategories.ALIASES.size());
        assertTrue(DefaultCategories.NAMES.containsAll(DefaultCategories.ALIASES.values()));
    }

    @Test
    void normalize() {
        assertEquals("food_delivery", CategoryResolver.normalize("  Food Delivery "));
        assertEquals("food_delivery", CategoryResolver.normalize("food-delivery"));
        assertEquals("", CategoryResolver.normalize(null));
    }

    @Test
    void exactMatchHasNoOriginal() {
        assertEquals(new ResolvedCategory("groceries", null, false), resolve("groceries"));
        assertEquals(new ResolvedCategory("food_delivery", null, false), resolve(" Food-Delivery"));
        assertEquals(new ResolvedCategory("api", null, false), resolve("API"));
    }

    @Test
    void aliasKeepsRawOriginal() {
        assertEquals(new ResolvedCategory("food_delivery", "Uber Eats", false), resolve("Uber Eats"));
        assertEquals(new ResolvedCategory("taxi", "uber", false), resolve("uber"));
        // An alias whose target is not active does not count.
        assertEquals(new ResolvedCategory("other", "uber", true),
                CategoryResolver.resolve("uber", Set.of("groceries"), Map.of("uber", "taxi")));
    }

    @Test
    void noCategoriesMeansOtherUnresolved() {
        assertEquals(new ResolvedCategory("other", "groceries", true), CategoryResolver.resolve("groceries", Set.of(), Map.of()));
        assertEquals(new ResolvedCategory("other", "food", true),
                CategoryResolver.resolve("food", Set.of(), Map.of("food", "food_delivery")));
    }

    @Test
    void pluralAndSingularVariants() {
        assertEquals(new ResolvedCategory("groceries", "Grocerie", false), resolve("Grocerie"));
        assertEquals(new ResolvedCategory("flights", "flight", false), resolve("flight"));
        assertEquals(new ResolvedCategory("electronics", "electronic", false), resolve("electronic"));
        assertEquals(new ResolvedCategory("subscriptions", "softwares", false), resolve("softwares"), "alias variant resolves to target");
        assertEquals(new ResolvedCategory("api", "apis", false), resolve("apis"));
        assertEquals(new ResolvedCategory("x", "xes", false), CategoryResolver.resolve("xes", Set.of("x"), Map.of()));
        assertEquals(new ResolvedCategory("category", "categories", false),
                CategoryResolver.resolve("categories", Set.of("category"), Map.of()));
        assertEquals(new ResolvedCategory("categories", "category", false),
                CategoryResolver.resolve("category", Set.of("categories"), Map.of()));
        assertTrue(CategoryResolver.pluralVariant("box", "boxes"));
        assertTrue(!CategoryResolver.pluralVariant("boy", "bies"));
    }

    @Test
    void closestMatchByEditDistance() {
        assertEquals(new ResolvedCategory("restaurants", "resturants", false), resolve("resturants"));
        assertEquals(new ResolvedCategory("entertainment", "entretainment", false), resolve("entretainment"), "transposition costs 1");
        assertEquals(new ResolvedCategory("accommodation", "hotle", false), resolve("hotle"), "via alias hotel");
        assertEquals(new ResolvedCategory("taxi", "taxy", false), resolve("taxy"));
        assertEquals(new ResolvedCategory("other", "lottery", true), resolve("lottery"));
        assertEquals(new ResolvedCategory("other", "xyzzy", true), resolve("xyzzy"));
        // Threshold max(1, len/4): "helth" (5) allows 1; "hxxlth" needs 2 and is too far.
        assertEquals(new ResolvedCategory("health", "helth", false), resolve("helth"));
        assertEquals(new ResolvedCategory("other", "hxxlth", true), resolve("hxxlth"));
    }

    @Test
    void tiesGoToTheSmallerName() {
        Set<String> active = Set.of("cab", "car");
        assertEquals(new ResolvedCategory("cab", "caz", false), CategoryResolver.resolve("caz", active, Map.of()));
        assertEquals(new ResolvedCategory("car", "cbr", false), CategoryResolver.resolve("cbr", Set.of("car", "cbx"), Map.of()));
        // The result does not depend on set iteration order.
        for (List<String> order : List.of(List.of("car", "cab"), List.of("cab", "car"))) {
            assertEquals("cab", CategoryResolver.resolve("caz", new java.util.LinkedHashSet<>(order), Map.of()).category());
        }
    }

    @Test
    void emptyInputIsUnresolved() {
        assertEquals(new ResolvedCategory("other", "", true), resolve(""));
        assertEquals(new ResolvedCategory("other", "  ", true), resolve("  "));
    }

    @Test
    void osaDistance() {
        assertEquals(0, CategoryResolver.osaDistance("abc", "abc"));
        assertEquals(1, CategoryResolver.osaDistance("abc", "acb"));
        assertEquals(3, CategoryResolver.osaDistance("", "abc"));
        assertEquals(3, CategoryResolver.osaDistance("ca", "abc"), "OSA, not unrestricted Damerau-Levenshtein");
        assertEquals(3, CategoryResolver.osaDistance("kitten", "sitting"));
    }
}
