package dev.purser.owner;

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
import dev.purser.policy.AccountRule;
import dev.purser.policy.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /v1/account/budget-rules}: account-wide limits (spec §2.7). Validation as the spec says:
 * out-of-range weekdays and an empty time span are 400 with the spec's messages, everything
 * else 422 with the field. Rules live on the account item in creation order (the stable group
 * order the spec recommends).
 */
final class BudgetRulesApi {
    static final Set<String> FIELDS = Set.of("name", "limit_type", "limit_amount", "priority", "days_of_week",
            "start_at", "end_at", "is_active");
    /** The rules share the account item (400 KB); far more than any owner needs. */
    static final int MAX_RULES = 100;

    private final Purser purser;
    private final AccountStore accounts;

    BudgetRulesApi(Purser purser, AccountStore accounts) {
        this.purser = purser;
        this.accounts = accounts;
    }

    void register(RouteTable.Builder<OwnerContext> table) {
        table.on(Route.OWNER_LIST_RULES, (owner, request) -> list(accounts.get(owner.accountId())))
                .on(Route.OWNER_CREATE_RULE, this::create)
                .on(Route.OWNER_GET_RULE, (owner, request) ->
                        HttpResponse.json(200, find(accounts.get(owner.accountId()), ruleId(request)).toJson()))
                .on(Route.OWNER_PATCH_RULE, this::patch)
                .on(Route.OWNER_DELETE_RULE, this::delete);
    }

    private static String ruleId(HttpRequest request) {
        return OwnerQuery.id(request, "rule_id", "rule_not_found", "Budget rule not found");
    }

    private static AccountRule find(Account a, String id) {
        return a.rules().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> OwnerErrors.notFound("rule_not_found", "Budget rule not found"));
    }

    private static HttpResponse list(Account a) {
        ObjectNode out = Json.object();
        ArrayNode rules = out.putArray("rules");
        a.rules().forEach(r -> rules.add(r.toJson()));
        return HttpResponse.json(200, out);
    }

    private HttpResponse create(OwnerContext owner, HttpRequest request) {
        ObjectNode body = OwnerBody.object(request, FIELDS);
        ObjectNode withId = body.deepCopy().put("id", "rule_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        AccountRule rule = checked(body, false, withId);
        accounts.update(owner.accountId(), a -> {
            if (a.rules().size() >= MAX_RULES) {
                throw OwnerErrors.conflict("too_many_rules", "An account can have at most " + MAX_RULES + " budget rules");
            }
            List<AccountRule> rules = new ArrayList<>(a.rules());
            rules.add(rule);
            return a.withRules(rules);
        }, purser.now());
        return HttpResponse.json(201, rule.toJson());
    }

    /** Only the fields sent change; the result is checked as a whole (e.g. the span against the old bound). */
    private HttpResponse patch(OwnerContext owner, HttpRequest request) {
        String id = ruleId(request);
        ObjectNode body = OwnerBody.object(request, FIELDS);
        AccountRule[] saved = new AccountRule[1];
        accounts.update(owner.accountId(), a -> {
            AccountRule current = find(a, id);
            ObjectNode merged = current.toJson();
            merged.setAll(body);
            AccountRule updated = checked(body, true, merged);
            saved[0] = updated;
            List<AccountRule> rules = new ArrayList<>();
            for (AccountRule r : a.rules()) rules.add(r.id().equals(id) ? updated : r);
            return a.withRules(rules);
        }, purser.now());
        return HttpResponse.json(200, saved[0].toJson());
    }

    private HttpResponse delete(OwnerContext owner, HttpRequest request) {
        String id = ruleId(request);
        accounts.update(owner.accountId(), a -> {
            find(a, id);
            List<AccountRule> rules = new ArrayList<>(a.rules());
            rules.removeIf(r -> r.id().equals(id));
            return a.withRules(rules);
        }, purser.now());
        return new HttpResponse(204, Map.of(), "");
    }

    /** 422 for malformed fields, then the spec's two 400s, then the rule itself. */
    private static AccountRule checked(ObjectNode sent, boolean partial, ObjectNode whole) {
        List<FieldError> errors = AccountRule.validate(sent, partial);
        if (!errors.isEmpty()) throw OwnerErrors.invalid(errors);
        AccountRule.daysOfWeekError(sent).ifPresent(m -> {
            throw OwnerErrors.badRequest("invalid_days_of_week", "days_of_week", m);
        });
        AccountRule rule;
        try {
            rule = AccountRule.fromJson(whole);
        } catch (IllegalArgumentException e) {
            throw OwnerErrors.invalid("body", e.getMessage());
        }
        AccountRule.spanError(rule.startAt(), rule.endAt()).ifPresent(m -> {
            throw OwnerErrors.badRequest("invalid_time_span", "start_at", m);
        });
        return rule;
    }
}
