package dev.purser.owner;


import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.accounts.Agent;
import dev.purser.accounts.AgentSpending;
import dev.purser.agentapi.CreateRequestApi;
import dev.purser.accounts.AgentStore;
import dev.purser.accounts.AgentToken;
import dev.purser.accounts.AgentTokens;
import dev.purser.accounts.AgentViews;
import dev.purser.config.Purser;
import dev.purser.events.EventType;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.json.Json;
import dev.purser.policy.AgentStatus;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import java.util.Set;

/**
 * {@code /v1/agents}: registration (idempotent by {@code external_id}, Proxy style), list, get,
 * change, deregistration and the spending overview; tokens and policies are delegated to
 * {@link AgentTokensApi} and {@link PolicyApi} (same Lambda function).
 */
public final class AgentsApi {
    static final Set<String> ON_LIMIT = Set.of("suspend", "notify", "none");
    static final int NAME_MAX = 200;
    static final int DESCRIPTION_MAX = 1000;
    static final int EXTERNAL_ID_MAX = 255;

    private final Purser purser;
    private final OwnerAuth auth;
    private final AgentStore agents;
    private final AgentTokens tokens;
    private final AgentTokensApi tokensApi;
    private final PolicyApi policyApi;
    private final AgentSpending spending;
    private final CreateRequestApi dryRuns;
    private final RouteTable<OwnerContext> routes;
    private final dev.purser.wallets.WalletService wallets;

    public AgentsApi(Purser purser) {
        this.purser = purser;
        this.auth = new OwnerAuth(purser);
        this.agents = new AgentStore(purser.dynamo(), purser.table());
        this.tokens = new AgentTokens(purser.dynamo(), purser.table());
        this.tokensApi = new AgentTokensApi(purser, agents, tokens);
        this.policyApi = new PolicyApi(purser, agents);
        this.wallets = new dev.purser.wallets.WalletService(purser.dynamo(), purser.table(),
                dev.purser.ledger.LedgerConfig.from(purser.env()::get), purser::now);
        this.spending = new AgentSpending(purser.dynamo(), purser.table());
        this.dryRuns = new CreateRequestApi(purser);
        RouteTable.Builder<OwnerContext> table = RouteTable.<OwnerContext>of(LambdaFunction.OWNER_AGENTS)
                .on(Route.OWNER_REGISTER_AGENT, this::register)
                .on(Route.OWNER_LIST_AGENTS, this::list)
                .on(Route.OWNER_GET_AGENT, (owner, request) -> HttpResponse.json(200, AgentViews.owner(owned(owner, request))))
                .on(Route.OWNER_PATCH_AGENT, this::patch)
                .on(Route.OWNER_DEREGISTER_AGENT, this::deregister)
                .on(Route.OWNER_AGENT_SPENDING, (owner, request) ->
                        HttpResponse.json(200, spending.of(owned(owner, request), purser.now())))
                .on(Route.OWNER_CHECK_AGENT, (owner, request) -> check(owned(owner, request), request));
        tokensApi.register(table, this::owned);
        policyApi.register(table, this::owned);
        this.routes = table.build();
    }

    public HttpResponse handle(HttpRequest request) {
        return routes.serve(auth.authenticate(request), request);
    }

    /** The path's agent if it belongs to the caller's account; 404 otherwise (also for other accounts'). */
    Agent owned(OwnerContext owner, HttpRequest request) {
        String id = OwnerQuery.id(request, "agent_id", "agent_not_found", "Agent not found");
        Agent a = agents.get(id);
        if (a == null || !a.accountId().equals(owner.accountId())) {
            throw OwnerErrors.notFound("agent_not_found", "Agent not found");
        }
        return a;
    }

    /**
     * The Agent API's dry run, asked by the owner (the console's "try it" panel). It evaluates as
     * one of the agent's active tokens would, through the very same code, so it answers what the
     * agent would get; without an active token the agent cannot ask at all, which is a 409.
     */
    private HttpResponse check(Agent agent, HttpRequest request) {
        var raw = dev.purser.http.Endpoints.jsonBody(request);
        String tokenHash = tokens.list(agent.id()).stream().filter(AgentToken::active).map(AgentToken::tokenHash)
                .findFirst().orElseThrow(() -> OwnerErrors.conflict("no_active_token",
                        "The agent has no active token: create one to try a request"));
        return dryRuns.dryRun(tokenHash, raw);
    }

    private HttpResponse register(OwnerContext owner, HttpRequest request) {
        ObjectNode body = OwnerBody.object(request,
                Set.of("external_id", "name", "description", "budget", "policy", "on_limit_exceeded"));
        String externalId = OwnerBody.text(body, "external_id", EXTERNAL_ID_MAX);
        String name = OwnerBody.requiredText(body, "name", NAME_MAX);
        String description = OwnerBody.text(body, "description", DESCRIPTION_MAX);
        Long budget = OwnerBody.amount(body, "budget");
        String onLimit = OwnerBody.oneOf(body, "on_limit_exceeded", ON_LIMIT);
        String policy = PolicyApi.validated(body.get("policy"), "policy.");
        var registered = agents.register(owner.accountId(), new AgentStore.Registration(externalId, name, description,
                budget == null ? 0 : budget, policy, onLimit), purser.now());
        ObjectNode out = AgentViews.owner(registered.agent());
        out.put("created", registered.created());
        // Every agent has a default wallet (id derived from the agent id: a repeat finds the same one).
        out.put("wallet_id", wallets.ensureDefault(owner.accountId(), registered.agent().id(),
                wallets.accountCurrency(owner.accountId())).id());
        if (registered.created()) {
            // The token is shown here once; a repeated registration gets none (create one explicitly).
            var issued = agents.createToken(registered.agent(), "default", purser.now());
            out.put("token", issued.secret());
            out.set("token_info", AgentViews.token(issued.token()));
            return HttpResponse.json(201, out);
        }
        out.putNull("token");
        return HttpResponse.json(200, out);
    }

    private HttpResponse list(OwnerContext owner, HttpRequest request) {
        String status = request.queryParam("status").orElse(null);
        if (status != null && !Set.of("active", "paused", "archived").contains(status)) {
            throw OwnerErrors.invalid("status", "must be one of active, paused, archived");
        }
        int limit = OwnerQuery.limit(request, 50);
        String externalId = request.queryParam("external_id").orElse(null);
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("agents");
        if (externalId != null) {
            // The claim item answers directly: at most one live agent holds an external id.
            Agent a = byExternalId(owner.accountId(), externalId);
            if (a != null && (status == null || a.status().wire().equals(status))) list.add(AgentViews.owner(a));
            out.putNull("next_cursor");
            return HttpResponse.json(200, out);
        }
        var start = Cursors.decode(request.queryParam("cursor").orElse(null), TableDefinition.GSI1_PK,
                Keys.accountAgents(owner.accountId()));
        AgentStore.Page page = agents.page(owner.accountId(), status, limit, start);
        page.agents().forEach(a -> list.add(AgentViews.owner(a)));
        out.put("next_cursor", Cursors.encode(page.next()));
        return HttpResponse.json(200, out);
    }
    private Agent byExternalId(String accountId, String externalId) {
        if (externalId.isEmpty() || externalId.length() > EXTERNAL_ID_MAX) return null;
        return agents.byExternalId(accountId, externalId);
    }

    private HttpResponse patch(OwnerContext owner, HttpRequest request) {
        Agent agent = owned(owner, request);
        ObjectNode body = OwnerBody.object(request, Set.of("name", "description", "budget", "status", "on_limit_exceeded"));
        String name = OwnerBody.text(body, "name", NAME_MAX);
        String description = OwnerBody.text(body, "description", DESCRIPTION_MAX);
        Long budget = OwnerBody.amount(body, "budget");
        String status = OwnerBody.oneOf(body, "status", Set.of("active", "paused"));
        String onLimit = OwnerBody.oneOf(body, "on_limit_exceeded", ON_LIMIT);
        if (agent.status() == AgentStatus.ARCHIVED) {
            throw OwnerErrors.conflict("agent_archived", "Agent is archived; register a new one");
        }
        Agent saved = agents.update(agent.id(), new AgentStore.AgentChange(name, description, budget, status, onLimit,
                null, false), purser.now(), EventType.AGENT_UPDATED);
        return HttpResponse.json(200, AgentViews.owner(saved));
    }

    /**
     * Archive, free the external id, then revoke every token. Safe to repeat: an archived agent is
     * refused by the Agent API whatever its tokens, and a second call finishes any revocation a
     * first one left undone.
     */
    private HttpResponse deregister(OwnerContext owner, HttpRequest request) {
        Agent agent = owned(owner, request);
        if (agent.status() != AgentStatus.ARCHIVED) agents.archive(agent, purser.now());
        int revoked = 0;
        for (AgentToken t : tokens.list(agent.id())) {
            if (t.active()) {
                tokens.revoke(t, purser.now());
                revoked++;
            }
        }
        ObjectNode out = AgentViews.owner(agents.get(agent.id()));
        out.put("tokens_revoked", revoked);
        return HttpResponse.json(200, out);
    }
}
