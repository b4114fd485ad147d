package dev.purser.owner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.accounts.Account;
import dev.purser.accounts.AccountStore;
import dev.purser.config.Purser;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.json.Json;
import dev.purser.policy.DefaultCategories;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code /v1/account/categories}: the account's categories and aliases (spec §2.9). Aliases use
 * the category name syntax because the resolver normalizes input to it before matching.
 */
final class CategoriesApi {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final int NAME_MAX = 50;

    private final Purser purser;
    private final AccountStore accounts;

    CategoriesApi(Purser purser, AccountStore accounts) {
        this.purser = purser;
        this.accounts = accounts;
    }

    void register(RouteTable.Builder<OwnerContext> table) {
        table.on(Route.OWNER_LIST_CATEGORIES, (owner, request) -> ok(accounts.get(owner.accountId())))
                .on(Route.OWNER_ADD_CATEGORY, this::add)
                .on(Route.OWNER_IMPORT_CATEGORIES, (owner, request) -> importDefaults(owner))
                .on(Route.OWNER_REMOVE_CATEGORY, this::remove)
                .on(Route.OWNER_ADD_ALIAS, this::addAlias)
                .on(Route.OWNER_REMOVE_ALIAS, this::removeAlias);
    }

    static String name(JsonNode v, String field) {
        if (v == null || v.isNull()) throw OwnerErrors.invalid(field, "is required");
        if (!v.isTextual() || v.textValue().length() > NAME_MAX || !NAME.matcher(v.textValue()).matches()) {
            throw OwnerErrors.invalid(field, "must match ^[a-z][a-z0-9_]*$ and be at most " + NAME_MAX + " characters");
        }
        return v.textValue();
    }

    private HttpResponse add(OwnerContext owner, HttpRequest request) {
        ObjectNode body = OwnerBody.object(request, Set.of("name", "aliases"));
        String name = name(body.get("name"), "name");
        List<String> aliases = new ArrayList<>();
        JsonNode list = body.get("aliases");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) throw OwnerErrors.invalid("aliases", "must be a list of strings");
            for (int i = 0; i < list.size(); i++) aliases.add(name(list.get(i), "aliases[" + i + "]"));
        }
        Account current = accounts.get(owner.accountId());
        if (current.categories().contains(name)) throw OwnerErrors.conflict("category_exists", "Category " + name + " already exists");
        Account saved = accounts.update(owner.accountId(), a -> {
            if (a.categories().contains(name)) throw OwnerErrors.conflict("category_exists", "Category " + name + " already exists");
            Map<String, String> newAliases = new HashMap<>(a.aliases());
            for (String alias : aliases) newAliases.put(checkAlias(a, alias, name, "aliases"), name);
            Set<String> cats = new TreeSet<>(a.categories());
            cats.add(name);
            return a.withCategories(cats, newAliases);
        }, purser.now());
        return HttpResponse.json(201, categoryView(saved, name));
    }

    /** An alias may not shadow a category (categories match first) nor be re-pointed silently. */
    private static String checkAlias(Account a, String alias, String target, String field) {
        if (a.categories().contains(alias) || alias.equals(target)) {
            throw OwnerErrors.invalid(field, alias + " is a category name and cannot be an alias");
        }
        String existing = a.aliases().get(alias);
        if (existing != null && !existing.equals(target)) {
            throw OwnerErrors.conflict("alias_exists", "Alias " + alias + " already points to " + existing);
        }
        return alias;
    }

    /**
     * Adds the 16 defaults and the default alias table. Existing categories stay; an alias the
     * owner already points elsewhere keeps the owner's target, and an alias that is now a
     * category name is skipped.
     */
    private HttpResponse importDefaults(OwnerContext owner) {
        Account saved = accounts.update(owner.accountId(), a -> {
            Set<String> cats = new TreeSet<>(a.categories());
            cats.addAll(DefaultCategories.NAMES);
            Map<String, String> aliases = new HashMap<>(a.aliases());
            DefaultCategories.ALIASES.forEach((alias, target) -> {
                if (!cats.contains(alias)) aliases.putIfAbsent(alias, target);
            });
            if (cats.equals(a.categories()) && aliases.equals(a.aliases())) return a;
            return a.withCategories(cats, aliases);
        }, purser.now());
        return ok(saved);
    }

    /** Removes the category and its aliases; agent policies that name it are left as written. */
    private HttpResponse remove(OwnerContext owner, HttpRequest request) {
        String name = request.pathParameter("name");
        Account saved = accounts.update(owner.accountId(), a -> {
            if (!a.categories().contains(name)) throw OwnerErrors.notFound("category_not_found", "Category not found");
            Set<String> cats = new TreeSet<>(a.categories());
            cats.remove(name);
            Map<String, String> aliases = new HashMap<>(a.aliases());
            aliases.values().removeIf(name::equals);
            return a.withCategories(cats, aliases);
        }, purser.now());
        return new HttpResponse(204, Map.of(), "");
    }

    private HttpResponse addAlias(OwnerContext owner, HttpRequest request) {
        String name = request.pathParameter("name");
        ObjectNode body = OwnerBody.object(request, Set.of("alias"));
        String alias = name(body.get("alias"), "alias");
        Account saved = accounts.update(owner.accountId(), a -> {
            if (!a.categories().contains(name)) throw OwnerErrors.notFound("category_not_found", "Category not found");
            if (name.equals(a.aliases().get(alias))) return a;
            Map<String, String> aliases = new HashMap<>(a.aliases());
            aliases.put(checkAlias(a, alias, name, "alias"), name);
            return a.withCategories(a.categories(), aliases);
        }, purser.now());
        return HttpResponse.json(201, categoryView(saved, name));
    }

    private HttpResponse removeAlias(OwnerContext owner, HttpRequest request) {
        String name = request.pathParameter("name");
        String alias = request.pathParameter("alias");
        accounts.update(owner.accountId(), a -> {
            if (!a.categories().contains(name)) throw OwnerErrors.notFound("category_not_found", "Category not found");
            if (!name.equals(a.aliases().get(alias))) throw OwnerErrors.notFound("alias_not_found", "Alias not found");
            Map<String, String> aliases = new HashMap<>(a.aliases());
            aliases.remove(alias);
            return a.withCategories(a.categories(), aliases);
        }, purser.now());
        return new HttpResponse(204, Map.of(), "");
    }

    private static HttpResponse ok(Account a) {
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("categories");
        for (String c : a.sortedCategories()) list.add(categoryView(a, c));
        return HttpResponse.json(200, out);
    }

    static ObjectNode categoryView(Account a, String category) {
        ObjectNode o = Json.object().put("name", category);
        ArrayNode aliases = o.putArray("aliases");
        new TreeSet<>(a.aliases().keySet()).stream().filter(k -> category.equals(a.aliases().get(k))).forEach(aliases::add);
        return o;
    }
}
