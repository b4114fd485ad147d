package dev.purser.accounts;

import static dev.purser.store.Attr.flag;
import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.str;

import dev.purser.json.Json;
import dev.purser.policy.AccountRule;
import dev.purser.store.Attr;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An account: the owner's settings, its categories and aliases, its account-wide budget rules and
 * its kill switch. Everything a decision needs from the account lives on this one item, so a
 * decision reads it with one key. (Account money lives on separate counter items so that owner
 * edits never contend with spend.)
 */
public record Account(
        String id,
        String name,
        String currency,
        String timezone,
        int requestExpiryMinutes,
        boolean allAgentsPaused,
        boolean blocked,
        Set<String> categories,
        Map<String, String> aliases,
        List<AccountRule> rules,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    public static final String DEFAULT_CURRENCY = "USD";
    public static final String DEFAULT_TIMEZONE = "America/New_York";
    public static final int DEFAULT_EXPIRY_MINUTES = 30;

    public Account {
        categories = Set.copyOf(new TreeSet<>(categories));
        aliases = Map.copyOf(aliases);
        rules = List.copyOf(rules);
    }

    public Account withRules(List<AccountRule> newRules) {
        return new Account(id, name, currency, timezone, requestExpiryMinutes, allAgentsPaused, blocked, categories,
                aliases, newRules, version, createdAt, updatedAt);
    }

    public Account withCategories(Set<String> newCategories, Map<String, String> newAliases) {
        return new Account(id, name, currency, timezone, requestExpiryMinutes, allAgentsPaused, blocked, newCategories,
                newAliases, rules, version, createdAt, updatedAt);
    }

    public Account withSettings(String newName, String newCurrency, String newTimezone, int newExpiryMinutes) {
        return new Account(id, newName, newCurrency, newTimezone, newExpiryMinutes, allAgentsPaused, blocked, categories,
                aliases, rules, version, createdAt, updatedAt);
    }

    public Account withKillSwitch(boolean paused) {
        return new Account(id, name, currency, timezone, requestExpiryMinutes, paused, blocked, categories, aliases,
                rules, version, createdAt, updatedAt);
    }

    public Account withBlocked(boolean isBlocked) {
        return new Account(id, name, currency, timezone, requestExpiryMinutes, allAgentsPaused, isBlocked, categories,
                aliases, rules, version, createdAt, updatedAt);
    }

    public ZoneId zone() {
        try {
            return ZoneId.of(timezone);
        } catch (RuntimeException e) {
            return ZoneId.of(DEFAULT_TIMEZONE);
        }
    }

    /** Active category names, sorted ascending (the Agent API's order). */
    public List<String> sortedCategories() {
        return new ArrayList<>(new TreeSet<>(categories));
    }

    /** Aliases whose target category is active (the resolver counts only these). */
    public Map<String, String> activeAliases() {
        var out = new TreeMap<String, String>();
        aliases.forEach((alias, target) -> {
            if (categories.contains(target)) out.put(alias, target);
        });
        return out;
    }

    /** Temporal rule ids whose counters a decision should read (all temporal rules; cheap). */
    public List<String> temporalRuleIds() {
        return rules.stream().filter(AccountRule::temporal).map(AccountRule::id).sorted().toList();
    }

    public static Account fromItem(Map<String, AttributeValue> item) {
        var aliases = new TreeMap<String, String>();
        AttributeValue a = item.get("aliases");
        if (a != null && a.hasM()) a.m().forEach((k, v) -> aliases.put(k, v.s()));
        var rules = new ArrayList<AccountRule>();
        // A list in creation order: rule groups need a stable order (spec §2.7).
        for (String json : Attr.list(item, "rules")) {
            rules.add(AccountRule.fromJson(Json.parseTrusted(json)));
        }
        return new Account(
                str(item, "account_id"),
                str(item, "name"),
                str(item, "currency"),
                str(item, "timezone"),
                (int) num(item, "request_expiry_minutes"),
                flag(item, "all_agents_paused"),
                flag(item, "blocked"),
                new TreeSet<>(Attr.list(item, "categories")),
                aliases,
                rules,
                num(item, "version"),
                Instant.parse(str(item, "created_at")),
                Instant.parse(str(item, "updated_at")));
    }
}
