package dev.purser.owner;


import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.accounts.AccountStore;
import dev.purser.accounts.Agent;
import dev.purser.accounts.AgentSpending;
import dev.purser.agentapi.CreateRequestApi;
import dev.purser.accounts.AgentStore;
import dev.purser.accounts.AgentToken;
import dev.purser.accounts.AgentTokens;
import dev.purser.accounts.AgentViews;
import dev.purser.config.Purser;
import dev.purser.events.EventType;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.json.Json;
import dev.purser.ledger.LedgerConfig;
import dev.purser.policy.AgentStatus;
import dev.purser.policy.KnownCategories;
import dev.purser.policy.Decimals;
import dev.purser.spendpolicy.ProxyLimit;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.wallets.WalletService;
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
    private final WalletService wallets;
    private final AccountStore accounts;

    static final String SPENDING_LIMIT = "spendingLimit";
    static final String SPENDING_LIMIT_FREQUENCY = "spendingLimitFrequency";
    /** Proxy documents no default period; a bare spendingLimit reads as a lifetime total. */
    static final String DEFAULT_FREQUENCY = "allTime";

    /** Proxy's limit fields of a body: {@code cents} null with {@code centsSent} = removal. */
    private record ProxyChange(Long cents, boolean centsSent, String frequency) {}

    public AgentsApi(Purser purser) {
        this.purser = purser;
        this.auth = new OwnerAuth(purser);
        this.agents = new AgentStore(purser.dynamo(), purser.table());
        this.tokens = new AgentTokens(purser.dynamo(), purser.table());
        this.tokensApi = new AgentTokensApi(purser, agents, tokens);
        this.policyApi = new PolicyApi(purser, agents);
        this.wallets = new WalletService(purser.dynamo(), purser.table(),
                LedgerConfig.from(purser.env()::get), purser::now);
        this.spending = new AgentSpending(purser.dynamo(), purser.table());
        this.accounts = new AccountStore(purser.dynamo(), purser.table());
        this.dryRuns = new CreateRequestApi(purser);
        RouteTable.Builder<OwnerContext> table = RouteTable.<OwnerContext>of(LambdaFunction.OWNER_AGENTS)
                .on(Route.OWNER_REGISTER_AGENT, this::register)
                .on(Route.OWNER_LIST_AGENTS, this::list)
                .on(Route.OWNER_GET_AGENT, (owner, request) -> HttpResponse.json(200, withCurrentSpend(owned(owner, request))))
                .on(Route.OWNER_PATCH_AGENT, this::patch)
                .on(Route.OWNER_DEREGISTER_AGENT, this::deregister)
                .on(Route.OWNER_AGENT_SPENDING, (owner, request) ->
                        HttpResponse.json(200, spending.of(owned(owner, request), purser.now())))
                .on(Route.OWNER_CHECK_AGENT, (owner, request) -> check(owned(owner, request), request));
        tokensApi.register(table, this::owned);
        policyApi.register(table, this::owned);
        new SpendPolicyApi(purser, agents).register(table);
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
        var raw = Endpoints.jsonBody(request);
        String tokenHash = tokens.list(agent.id()).stream().filter(AgentToken::active).map(AgentToken::tokenHash)
                .findFirst().orElseThrow(() -> OwnerErrors.conflict("no_active_token",
                        "The agent has no active token: create one to try a request"));
        return dryRuns.dryRun(tokenHash, raw);
    }

    private HttpResponse register(OwnerContext owner, HttpRequest request) {
        ObjectNode body = OwnerBody.object(request, Set.of("external_id", "name", "description", "budget", "policy",
                "on_limit_exceeded", SPENDING_LIMIT, SPENDING_LIMIT_FREQUENCY));
        String externalId = OwnerBody.text(body, "external_id", EXTERNAL_ID_MAX);
        String name = OwnerBody.requiredText(body, "name", NAME_MAX);
        String description = OwnerBody.text(body, "description", DESCRIPTION_MAX);
        Long budget = OwnerBody.amount(body, "budget");
        String onLimit = OwnerBody.oneOf(body, "on_limit_exceeded", ON_LIMIT);
        KnownCategories categories = PolicyApi.categories(accounts.get(owner.accountId()), null);
        String policy = PolicyApi.validated(body.get("policy"), "policy.", categories);
        ProxyChange proxy = proxyChange(body, false);
        if (proxy != null) {
            if (budget != null && proxy.frequency().equals("allTime") && proxy.cents() != null) {
                throw OwnerErrors.invalid(SPENDING_LIMIT, "an allTime spendingLimit is the budget: send one of them");
            }
            ProxyLimit.Applied applied = ProxyLimit.apply(policy == null ? null : Json.parseTrusted(policy), proxy.cents(),
                    proxy.frequency());
            policy = PolicyApi.validated(applied.policy(), "policy.", categories);
            if (applied.budget() != null) budget = applied.budget();
        }
        var registered = agents.register(owner.accountId(), new AgentStore.Registration(externalId, name, description,
                budget == null ? 0 : budget, policy, onLimit), purser.now());
        ObjectNode out = withCurrentSpend(registered.agent());
        out.put("created", registered.created());
        out.set("warnings", PolicyApi.warnings(registered.agent().policyJson(), "policy."));
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

    /** Proxy's fields of a body, or null when it sends neither. */
    private static ProxyChange proxyChange(ObjectNode body, boolean patch) {
        boolean centsSent = body.has(SPENDING_LIMIT);
        String frequency = OwnerBody.oneOf(body, SPENDING_LIMIT_FREQUENCY, java.util.Set.copyOf(ProxyLimit.FREQUENCIES));
        if (!centsSent && frequency == null) return null;
        Long cents = null;
        if (centsSent && !body.get(SPENDING_LIMIT).isNull()) {
            java.math.BigDecimal d = Decimals.parse(body.get(SPENDING_LIMIT));
            if (d == null || Decimals.significantScale(d) > 0 || d.signum() < 0
                    || d.compareTo(java.math.BigDecimal.valueOf(ProxyLimit.MAX_CENTS)) > 0) {
                throw OwnerErrors.invalid(SPENDING_LIMIT, "must be a whole number of cents from 0 to " + ProxyLimit.MAX_CENTS);
            }
            cents = d.longValueExact();
        }
        if (!patch) {
            if (!centsSent || cents == null) {
                throw OwnerErrors.invalid(SPENDING_LIMIT, "is required with " + SPENDING_LIMIT_FREQUENCY);
            }
            return new ProxyChange(cents, true, frequency == null ? DEFAULT_FREQUENCY : frequency);
        }
        return new ProxyChange(cents, centsSent, frequency);
    }

    /**
     * The agent view plus Proxy's {@code currentSpend} (cents spent + held in the limit's window;
     * one batch read, only when a Proxy limit is set; 0 for perTransaction).
     */
    private ObjectNode withCurrentSpend(Agent a) {
        ObjectNode out = AgentViews.owner(a);
        var policy = a.policyJson() == null ? null : Json.parseTrusted(a.policyJson());
        String frequency = ProxyLimit.frequency(policy);
        if (frequency == null || out.get(SPENDING_LIMIT).isNull()) {
            out.putNull("currentSpend");
            return out;
        }
        Character kind = ProxyLimit.windowKind(frequency);
        long current = kind != null && kind == '0' ? 0
                : spending.current(a, accounts.get(a.accountId()), kind, purser.now()).used();
        out.put("currentSpend", current);
        return out;
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
        ObjectNode body = OwnerBody.object(request, Set.of("name", "description", "budget", "status", "on_limit_exceeded",
                SPENDING_LIMIT, SPENDING_LIMIT_FREQUENCY));
        String name = OwnerBody.text(body, "name", NAME_MAX);
        String description = OwnerBody.text(body, "description", DESCRIPTION_MAX);
        Long budget = OwnerBody.amount(body, "budget");
        String status = OwnerBody.oneOf(body, "status", Set.of("active", "paused"));
        String onLimit = OwnerBody.oneOf(body, "on_limit_exceeded", ON_LIMIT);
        if (agent.status() == AgentStatus.ARCHIVED) {
            throw OwnerErrors.conflict("agent_archived", "Agent is archived; register a new one");
        }
        String policy = null;
        ProxyChange proxy = proxyChange(body, true);
        if (proxy != null) {
            var stored = agent.policyJson() == null ? null : Json.parseTrusted(agent.policyJson());
            String frequency = proxy.frequency() != null ? proxy.frequency() : ProxyLimit.frequency(stored);
            Long cents = proxy.centsSent() ? proxy.cents() : ProxyLimit.cents(stored, agent.budget());
            if (frequency == null) frequency = DEFAULT_FREQUENCY;
            if (!proxy.centsSent() && cents == null) {
                throw OwnerErrors.invalid(SPENDING_LIMIT_FREQUENCY, "needs a spendingLimit: the agent has none to move");
            }
            if (budget != null && "allTime".equals(frequency) && cents != null) {
                throw OwnerErrors.invalid(SPENDING_LIMIT, "an allTime spendingLimit is the budget: send one of them");
            }
            ProxyLimit.Applied applied = ProxyLimit.apply(stored, cents, frequency);
            policy = PolicyApi.validated(applied.policy(), "policy.",
                    PolicyApi.categories(accounts.get(agent.accountId()), agent.policyJson()));
            if (applied.budget() != null) budget = applied.budget();
        }
        // Last writer wins against a concurrent policy edit, as PATCH /policy (owners edit by hand).
        Agent saved = agents.update(agent.id(), new AgentStore.AgentChange(name, description, budget, status, onLimit,
                policy, false), purser.now(), EventType.AGENT_UPDATED);
        ObjectNode out = withCurrentSpend(saved);
        if (policy != null) out.set("warnings", PolicyApi.warnings(policy, "policy."));
        return HttpResponse.json(200, out);
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
