package dev.purser.owner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.accounts.Account;
import dev.purser.accounts.AccountStore;
import dev.purser.accounts.Agent;
import dev.purser.accounts.AgentStore;
import dev.purser.config.Purser;
import dev.purser.events.EventType;
import dev.purser.http.ApiError;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.json.Json;
import dev.purser.policy.AgentStatus;
import dev.purser.policy.FieldError;
import dev.purser.spendpolicy.ShadowPayPolicy;
import dev.purser.time.Times;
import java.util.List;

/**
 * ShadowPay's spend policy (seed 001): {@code GET/PATCH /v1/agents/{agent_id}/spend-policy}, a
 * view of and a partial update to the agent's one policy ({@link ShadowPayPolicy}). Errors speak
 * the seed's codes: {@code 400 invalid_policy} (with {@code field} and {@code errors}) and
 * {@code 403 not_agent_owner} for any agent the caller does not own, whether it exists elsewhere
 * or not at all (so the answer reveals nothing about other accounts).
 */
final class SpendPolicyApi {
    private final Purser purser;
    private final AgentStore agents;
    private final AccountStore accounts;

    SpendPolicyApi(Purser purser, AgentStore agents) {
        this.purser = purser;
        this.agents = agents;
        this.accounts = new AccountStore(purser.dynamo(), purser.table());
    }

    void register(RouteTable.Builder<OwnerContext> table) {
        table.on(Route.OWNER_GET_SPEND_POLICY, (owner, request) -> HttpResponse.json(200, view(owned(owner, request))))
                .on(Route.OWNER_PATCH_SPEND_POLICY, this::patch);
    }

    private Agent owned(OwnerContext owner, HttpRequest request) {
        String id = request.pathParameter("agent_id");
        Agent a = id.isEmpty() || id.length() > 128 ? null : agents.get(id);
        if (a == null || !a.accountId().equals(owner.accountId())) {
            throw ApiError.coded(403, "not_agent_owner", "The authenticated account does not own this agent");
        }
        return a;
    }

    private HttpResponse patch(OwnerContext owner, HttpRequest request) {
        Agent agent = owned(owner, request);
        JsonNode body;
        try {
            body = OwnerBody.json(request);
        } catch (ApiError e) {
            throw invalid(List.of(new FieldError("body", "must be a JSON object")));
        }
        if (agent.status() == AgentStatus.ARCHIVED) {
            throw OwnerErrors.conflict("agent_archived", "Agent is archived; register a new one");
        }
        Account account = accounts.get(owner.accountId());
        JsonNode stored = agent.policyJson() == null ? null : Json.parseTrusted(agent.policyJson());
        ShadowPayPolicy.Result result = ShadowPayPolicy.patch(stored, body, account.currency(), account.zone().getId());
        if (!result.errors().isEmpty()) throw invalid(result.errors());
        // Last writer wins against a concurrent policy edit, as PATCH /policy (owners edit by hand).
        Agent saved = agents.update(agent.id(), AgentStore.AgentChange.policy(Json.write(result.policy())), purser.now(),
                EventType.AGENT_UPDATED);
        return HttpResponse.json(200, view(saved));
    }

    private static ObjectNode view(Agent a) {
        JsonNode policy = a.policyJson() == null ? null : Json.parseTrusted(a.policyJson());
        ObjectNode o = ShadowPayPolicy.view(a.id(), policy);
        o.put("updated_at", Times.wire(a.updatedAt()));
        o.set("warnings", OwnerErrors.fields(policy == null ? List.of() : ShadowPayPolicy.warnings(policy)));
        return o;
    }

    /** The seed's 400: {@code invalid_policy}, the first field, and every problem found. */
    static ApiError invalid(List<FieldError> errors) {
        FieldError first = errors.get(0);
        ObjectNode body = Json.object()
                .put("detail", first.field() + " " + first.message())
                .put("code", "invalid_policy")
                .put("field", first.field());
        if (first.suggestion() != null) body.put("suggestion", first.suggestion());
        body.set("errors", OwnerErrors.fields(errors));
        return new ApiError(400, body);
    }
}
