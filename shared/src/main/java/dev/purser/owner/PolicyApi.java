package dev.purser.owner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.purser.accounts.Account;
import dev.purser.accounts.AccountStore;
import dev.purser.accounts.Agent;
import dev.purser.accounts.AgentStore;
import dev.purser.config.Purser;
import dev.purser.events.EventType;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.leases.LeasedPolicies;
import dev.purser.time.Times;
import java.util.function.BiFunction;
import dev.purser.json.Json;
import dev.purser.policy.FieldError;
import dev.purser.policy.KnownCategories;
import dev.purser.policy.PolicyValidator;
import dev.purser.policy.PolicyWarnings;
import java.util.List;

/**
 * {@code /v1/agents/{id}/policy}: GET, PUT (replace) and PATCH (JSON merge patch: only the fields
 * sent change, {@code null} removes one). The result is validated strictly before it is stored,
 * as compact JSON text on the agent item; the Agent API reads that item on every request, so a
 * change applies to the very next one.
 */
final class PolicyApi {
    private final Purser purser;
    private final AgentStore agents;
    private final AccountStore accounts;

    PolicyApi(Purser purser, AgentStore agents) {
        this.purser = purser;
        this.agents = agents;
        this.accounts = new AccountStore(purser.dynamo(), purser.table());
    }

    /** @param owned the agent a request names, if the caller owns it (else a 404) */
    void register(RouteTable.Builder<OwnerContext> table, BiFunction<OwnerContext, HttpRequest, Agent> owned) {
        table.on(Route.OWNER_GET_POLICY, (owner, request) -> HttpResponse.json(200, view(owned.apply(owner, request))))
                .on(Route.OWNER_PUT_POLICY, (owner, request) -> save(owned.apply(owner, request), replacement(request)))
                .on(Route.OWNER_PATCH_POLICY, (owner, request) -> patch(owned.apply(owner, request), request));
    }

    /** PUT's body: a policy object, or {@code null} to remove the policy; anything else is 422. */
    private static JsonNode replacement(HttpRequest request) {
        JsonNode body = OwnerBody.json(request);
        if (!body.isObject() && !body.isNull()) throw OwnerErrors.invalid("body", "must be a JSON object or null");
        return body;
    }

    private HttpResponse patch(Agent agent, HttpRequest request) {
        JsonNode patch = OwnerBody.json(request);
        if (!patch.isObject()) throw OwnerErrors.invalid("body", "must be a JSON object (a merge patch)");
        JsonNode current = agent.policyJson() == null ? Json.object() : Json.parseTrusted(agent.policyJson());
        // A concurrent PATCH of another field could be lost between this read and the write; owners
        // edit policies rarely and by hand, so last-writer-wins is accepted here.
        return save(agent, MergePatch.apply(current, patch));
    }

    private HttpResponse save(Agent agent, JsonNode policy) {
        String json = validated(policy, "", categories(accounts.get(agent.accountId()), agent.policyJson()));
        // A leased child's policy may only narrow its parent's (docs/spend-guard.md, "Budget leases").
        new LeasedPolicies(purser.dynamo(), purser.table()).widening(agent.id(), policy).ifPresent(field -> {
            throw OwnerErrors.invalid(field, "would widen the parent agent's policy while this agent has an active budget lease");
        });
        Agent saved = agents.update(agent.id(), AgentStore.AgentChange.policy(json), purser.now(), EventType.AGENT_UPDATED);
        return HttpResponse.json(200, view(saved));
    }

    /**
     * Compact JSON of a valid policy, null for no policy; 422 naming the first bad field otherwise
     * ({@code prefix} + its path, e.g. {@code policy.daily_limit} inside a registration).
     */
    static String validated(JsonNode policy, String prefix, KnownCategories categories) {
        if (policy == null || policy.isNull()) return null;
        List<FieldError> errors = PolicyValidator.validate(policy, categories);
        if (!errors.isEmpty()) {
            throw OwnerErrors.invalid(errors.stream().map(e ->
                    prefix.isEmpty() || e.field().equals("policy") ? e : e.at(prefix + e.field())).toList());
        }
        return Json.write(policy);
    }

    /** The categories a policy replacing {@code previousPolicy} may name in this account (docs/policy.md). */
    static KnownCategories categories(Account account, String previousPolicy) {
        return KnownCategories.of(account.categories(), account.activeAliases(),
                previousPolicy == null ? null : Json.parseTrusted(previousPolicy));
    }

    /** {@code warnings}: what the stored policy says that its owner probably does not mean ({@code prefix} as above). */
    static ArrayNode warnings(String policyJson, String prefix) {
        List<FieldError> w = policyJson == null ? List.of() : PolicyWarnings.of(Json.parseTrusted(policyJson));
        return OwnerErrors.fields(w.stream().map(e -> e.at(prefix + e.field())).toList());
    }

    private static ObjectNode view(Agent a) {
        ObjectNode o = Json.object().put("agent_id", a.id());
        o.set("policy", a.policyJson() == null ? Json.MAPPER.nullNode() : Json.parseTrusted(a.policyJson()));
        o.put("updated_at", Times.wire(a.updatedAt()));
        o.set("warnings", warnings(a.policyJson(), ""));
        return o;
    }
}
