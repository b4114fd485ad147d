package dev.purser.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The categories a policy's lists may name (docs/policy.md, "Categories"): the account's active
 * categories, the ones Purser assigns itself ({@link CategoryResolver#PURSER_DEFAULTS}) and the
 * fallback {@code other}. A request's category is resolved to one of these before the lists are
 * compared, so any other name in a list would silently never match: it is refused instead (the
 * owner adds the category first). Names the stored policy already had are kept (a category
 * removed since does not make every later edit of the policy fail).
 *
 * @param aliases the account's aliases of active categories (to say which category an alias means)
 * @param kept category names the policy being replaced already lists
 */
public record KnownCategories(Set<String> active, Map<String, String> aliases, Set<String> kept) {
    /** The lists whose entries are category names. */
    static final List<String> LISTS = List.of("allowed_categories", "blocked_categories");

    public KnownCategories {
        active = Set.copyOf(active);
        aliases = Map.copyOf(aliases);
        kept = Set.copyOf(kept);
    }

    /** @param previous the stored policy the new one replaces (null: none) */
    public static KnownCategories of(Set<String> active, Map<String, String> activeAliases, JsonNode previous) {
        Set<String> kept = new HashSet<>();
        if (previous != null && previous.isObject()) {
            for (String list : LISTS) addStrings(previous.get(list), kept);
            addStrings(previous.path("auto_approve").get("categories"), kept);
        }
        return new KnownCategories(active, activeAliases, kept);
    }

    private static void addStrings(JsonNode n, Set<String> into) {
        if (n != null && n.isArray()) for (JsonNode e : n) if (e.isTextual()) into.add(e.textValue());
    }

    public boolean allows(String name) {
        return active.contains(name) || CategoryResolver.PURSER_DEFAULTS.contains(name)
                || CategoryResolver.FALLBACK.equals(name) || kept.contains(name);
    }

    /** The error for a name {@link #allows} refuses. */
    public FieldError refusal(String field, String name) {
        String target = aliases.get(name);
        if (target != null) {
            return new FieldError(field, "is an alias of the category `" + target + "`: name the category", target);
        }
        List<String> names = new ArrayList<>(new TreeSet<>(active));
        String near = PolicySchema.nearest(name, names);
        String add = "add it to the account's categories first (POST /v1/account/categories)";
        return near == null
                ? new FieldError(field, "is not one of the account's categories: " + add)
                : new FieldError(field, "is not one of the account's categories (did you mean `" + near + "`?): " + add, near);
    }
}
