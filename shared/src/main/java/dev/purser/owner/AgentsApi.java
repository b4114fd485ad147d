package dev.purser.owner;

import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.accounts.Agent;
import dev.purser.accounts.AgentStore;
import dev.purser.accounts.AgentToken;
import dev.purser.accounts.AgentTokens;
import dev.purser.config.Purser;
import dev.purser.events.EventType;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.json.Json;
import dev.purser.policy.AgentStatus;
import dev.purser.store.Attr;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

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
    private final SpendingOverview spending;
    private final dev.purser.wallets.WalletService wallets;

    public AgentsApi(Purser purser) {
        this.purser = purser;
        this.auth = new OwnerAuth(purser.dynamo(), purser.table());
        this.agents = new AgentStore(purser.dynamo(), purser.table());
        this.tokens = new AgentTokens(purser.dynamo(), purser.table());
        this.tokensApi = new AgentTokensApi(purser, agents, tokens);
        this.policyApi = new PolicyApi(purser, agents);
        this.spending = new SpendingOverview(purser);
        this.wallets = new dev.purser.wallets.WalletService(purser.dynamo(), purser.table(),
                dev.purser.ledger.LedgerConfig.from(purser.env()::get), purser::now);
    }

    public HttpResponse handle(HttpRequest request) {
        OwnerContext owner = auth.authenticate(request);
        switch (request.route()) {
            case OWNER_REGISTER_AGENT: return register(owner, request);
            case OWNER_LIST_AGENTS: return list(owner, request);
            case OWNER_GET_AGENT: return HttpResponse.json(200, AgentStore.view(owned(owner, request)));
            case OWNER_PATCH_AGENT: return patch(owner, request);
            case OWNER_DEREGISTER_AGENT: return deregister(owner, request);
            case OWNER_AGENT_SPENDING: return HttpResponse.json(200, spending.of(owned(owner, request), purser.now()));
            case OWNER_CREATE_TOKEN:
            case OWNER_LIST_TOKENS:
            case OWNER_REVOKE_TOKEN:
                return tokensApi.handle(owned(owner, request), request);
            case OWNER_GET_POLICY:
            case OWNER_PUT_POLICY:
            case OWNER_PATCH_POLICY:
                return policyApi.handle(owned(owner, request), request);
            default:
                throw new IllegalStateException("AgentsApi does not serve " + request.route());
        }
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
        ObjectNode out = AgentStore.view(registered.agent());
        out.put("created", registered.created());
        // Every agent has a default wallet (id derived from the agent id: a repeat finds the same one).
        out.put("wallet_id", wallets.ensureDefault(owner.accountId(), registered.agent().id(),
                wallets.accountCurrency(owner.accountId())).id());
        if (registered.created()) {
            // The token is shown here once; a repeated registration gets none (create one explicitly).
            var issued = agents.createToken(registered.agent(), "default", purser.now());
            out.put("token", issued.secret());
            out.set("token_info", AgentStore.tokenView(issued.token()));
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
            if (a != null && (status == null || a.status().wire().equals(status))) list.add(AgentStore.view(a));
            out.putNull("next_cursor");
            return HttpResponse.json(200, out);
        }
        String partition = Keys.accountAgents(owner.accountId());
        Map<String, AttributeValue> start = Cursors.decode(request.queryParam("cursor").orElse(null),
                TableDefinition.GSI1_PK, partition);
        Map<String, AttributeValue> last;
        List<Agent> found = new ArrayList<>();
        do {
            Map<String, String> names = new HashMap<>(Map.of("#p", TableDefinition.GSI1_PK));
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", s(partition)));
            QueryRequest.Builder q = QueryRequest.builder().tableName(purser.table()).indexName(TableDefinition.GSI1)
                    .keyConditionExpression("#p = :p").scanIndexForward(false)
                    .exclusiveStartKey(start).limit(limit - found.size());
            if (status != null) {
                names.put("#st", "status");
                values.put(":st", s(status));
                q.filterExpression("#st = :st");
            }
            QueryResponse page = purser.dynamo().query(q.expressionAttributeNames(names).expressionAttributeValues(values).build());
            page.items().forEach(i -> found.add(Agent.fromItem(i)));
            last = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            start = last;
        } while (start != null && found.size() < limit);
        found.forEach(a -> list.add(AgentStore.view(a)));
        out.put("next_cursor", Cursors.encode(last));
        return HttpResponse.json(200, out);
    }

    private Agent byExternalId(String accountId, String externalId) {
        if (externalId.isEmpty() || externalId.length() > EXTERNAL_ID_MAX) return null;
        var claim = purser.dynamo().getItem(b -> b.tableName(purser.table()).consistentRead(true)
                .key(Attr.key(Keys.account(accountId), Keys.externalIdSk(externalId)))).item();
        if (claim == null || claim.isEmpty()) return null;
        Agent a = agents.get(str(claim, "agent_id"));
        return a != null && a.accountId().equals(accountId) ? a : null;
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
        return HttpResponse.json(200, AgentStore.view(saved));
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
        ObjectNode out = AgentStore.view(agents.get(agent.id()));
        out.put("tokens_revoked", revoked);
        return HttpResponse.json(200, out);
    }
}
