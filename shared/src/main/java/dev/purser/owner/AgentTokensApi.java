package dev.purser.owner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.accounts.Agent;
import dev.purser.accounts.AgentStore;
import dev.purser.accounts.AgentToken;
import dev.purser.accounts.AgentTokens;
import dev.purser.accounts.AgentViews;
import dev.purser.config.Purser;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.json.Json;
import dev.purser.policy.AgentStatus;
import java.util.Set;
import java.util.function.BiFunction;

/** {@code /v1/agents/{id}/tokens}: create (the secret once), list, revoke. */
final class AgentTokensApi {
    private final Purser purser;
    private final AgentStore agents;
    private final AgentTokens tokens;

    AgentTokensApi(Purser purser, AgentStore agents, AgentTokens tokens) {
        this.purser = purser;
        this.agents = agents;
        this.tokens = tokens;
    }

    /** @param owned the agent a request names, if the caller owns it (else a 404) */
    void register(RouteTable.Builder<OwnerContext> table, BiFunction<OwnerContext, HttpRequest, Agent> owned) {
        table.on(Route.OWNER_CREATE_TOKEN, (owner, request) -> create(owned.apply(owner, request), request))
                .on(Route.OWNER_LIST_TOKENS, (owner, request) -> list(owned.apply(owner, request)))
                .on(Route.OWNER_REVOKE_TOKEN, (owner, request) -> revoke(owned.apply(owner, request), request));
    }

    private HttpResponse create(Agent agent, HttpRequest request) {
        ObjectNode body = OwnerBody.optionalObject(request, Set.of("name"));
        String name = OwnerBody.text(body, "name", AgentsApi.NAME_MAX);
        if (agent.status() == AgentStatus.ARCHIVED) {
            throw OwnerErrors.conflict("agent_archived", "Agent is archived; register a new one");
        }
        var issued = agents.createToken(agent, name, purser.now());
        return HttpResponse.json(201, AgentViews.token(issued.token()).put("token", issued.secret()));
    }

    private HttpResponse list(Agent agent) {
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("tokens");
        tokens.list(agent.id()).forEach(t -> list.add(AgentViews.token(t)));
        return HttpResponse.json(200, out);
    }

    private HttpResponse revoke(Agent agent, HttpRequest request) {
        String tokenId = OwnerQuery.id(request, "token_id", "token_not_found", "Token not found");
        AgentToken token = tokens.list(agent.id()).stream().filter(t -> t.id().equals(tokenId)).findFirst()
                .orElseThrow(() -> OwnerErrors.notFound("token_not_found", "Token not found"));
        return HttpResponse.json(200, AgentViews.token(tokens.revoke(token, purser.now())));
    }
}
