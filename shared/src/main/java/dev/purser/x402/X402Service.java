package dev.purser.x402;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.accounts.Account;
import dev.purser.accounts.Agent;
import dev.purser.budget.BudgetWrites;
import dev.purser.budget.MoneyDelta;
import dev.purser.commit.Commit;
import dev.purser.commit.CommitOutcome;
import dev.purser.events.EventType;
import dev.purser.json.Json;
import dev.purser.leases.LeaseStore;
import dev.purser.money.Money;
import dev.purser.policy.AccountRule;
import dev.purser.policy.AccountRules;
import dev.purser.policy.CategoryResolver;
import dev.purser.policy.Decision;
import dev.purser.policy.Outcome;
import dev.purser.policy.Policy;
import dev.purser.policy.ResolvedCategory;
import dev.purser.requests.AgentContext;
import dev.purser.requests.AgentDenial;
import dev.purser.requests.DecisionReader;
import dev.purser.requests.PurchaseRequest;
import dev.purser.requests.RequestCreator;
import dev.purser.requests.RequestItems;
import dev.purser.requests.RequestStatus;
import dev.purser.requests.RequestViews;
import dev.purser.retry.Retry;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import dev.purser.time.Windows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * LetAgentPay's x402 router as a service (spec §4): authorize, report, budget. An authorization is
 * a purchase request with {@code settlement_method "x402"}, decided on the same one-batch read
 * ({@link DecisionReader}) and committed in ONE transaction with the same guarded counters as any
 * decision ({@link RequestCreator#acceptedWrites}), so it counts in the agent's AND the account's
 * windows. Money follows upstream: spent at once, corrected by the report. An authorization left
 * unreported is flagged to the owner by {@link UnreportedScan}, never released (the agent may
 * have paid on-chain).
 */
public final class X402Service {
    /** Upstream stamps authorizations valid for 120 s (nothing enforces it, there or here). */
    public static final Duration AUTHORIZATION_TTL = Duration.ofSeconds(120);
    public static final Duration DEFAULT_UNREPORTED_AFTER = Duration.ofHours(24);
    public static final String SETTLEMENT_METHOD = "x402";
    /** The sparse {@code due} index partition of unreported authorizations. */
    static final String UNREPORTED_PARTITION = "X402#UNREPORTED";
    static final int MAX_ATTEMPTS = 12;

    private final DecisionReader reader;
    private final RequestCreator creator;
    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final UsdConversion conversion;
    private final Duration unreportedAfter;
    private final BudgetWrites budget;
    private final X402Wallets wallets;

    public X402Service(DecisionReader reader, RequestCreator creator, DynamoDbClient dynamo, String table, Clock clock,
                       RateSource rates, Duration unreportedAfter, X402Wallets wallets) {
        this.reader = reader;
        this.creator = creator;
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.conversion = new UsdConversion(rates);
        this.unreportedAfter = unreportedAfter;
        this.budget = new BudgetWrites(table);
        this.wallets = wallets;
    }

    // --- authorize ---------------------------------------------------------------------------

    public X402Result authorize(String tokenHash, Supplier<AuthorizeInput> inputs) {
        AuthorizeInput in = null;
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            Instant now = now();
            AgentContext ctx = reader.read(tokenHash, now, true, null);
            var denial = AgentDenial.of(ctx);
            if (denial.isPresent()) return new X402Result.Denied(denial.get());
            if (in == null) in = inputs.get();
            if (ctx.rateCount() >= BudgetWrites.RATE_LIMIT_PER_MINUTE) return new X402Result.RateLimited();

            Account account = ctx.account();
            Agent agent = ctx.agent();
            String chain = Chains.of(in.network());
            String host = DomainPattern.hostOf(in.resource());
            ResolvedCategory category = CategoryResolver.resolve(in.category(), account.categories(), account.activeAliases());
            Verdict decision = decide(ctx, in, chain, host, category, now);
            X402Rules.Outcome outcome = decision.outcome();
            long amountUsd = decision.amountUsd();
            if (ctx.lease() != null && ctx.lease().active()) {
                // x402 spend does not draw from a budget lease: a leased child may not go around it.
                outcome = new X402Rules.Outcome.Declined("LEASED_AGENT: spends under budget lease " + ctx.lease().id()
                        + "; use purchase requests, which draw from it");
            }
            if (outcome instanceof X402Rules.Outcome.Declined d) {
                // A decline commits nothing but is a POST all the same: it counts against the rate limit.
                if (!creator.chargeRate(agent.id(), now)) return new X402Result.RateLimited();
                return new X402Result.Answered(200, declined(d.reason()));
            }
            var ok = (X402Rules.Outcome.Authorized) outcome;
            PurchaseRequest request = request(agent, account, in, amountUsd, chain, host, category, ok, now);
            Map<String, AttributeValue> item = new HashMap<>(RequestItems.toItem(request));
            item.put("settlement_method", s(SETTLEMENT_METHOD));
            item.put("settlement_currency", s(in.asset().toUpperCase(Locale.ROOT)));
            item.put("settlement_network", s(chain));
            item.put("x402_scheme", s(in.scheme()));
            item.put("x402_network", s(in.network()));
            item.put("x402_amount", s(in.amount()));
            item.put("x402_pay_to", s(in.payTo()));
            if (in.assetAddress() != null) item.put("x402_asset", s(in.assetAddress()));
            item.put("max_amount_usd", s(in.maxAmountUsd().toPlainString()));
            if (in.resource() != null) item.put("x402_resource", s(in.resource()));
            item.put(TableDefinition.DUE_PK, s(UNREPORTED_PARTITION));
            item.put(TableDefinition.DUE_AT, s(Times.stored(now.plus(unreportedAfter)) + "#" + request.id()));

            Commit commit = Commit.in(table).putNew("request", item);
            creator.acceptedWrites(commit, tokenHash, ok.guards(), request, now);
            commit.conditionCheck("no-active-lease", LeaseStore.noActiveLease(table, agent.id()));
            commit.event(EventType.X402_AUTHORIZED, account.id(), eventView(request, item), now);
            CommitOutcome result = commit.run(dynamo);
            if (result.committed()) return new X402Result.Answered(200, authorized(request, ok));
        }
        return new X402Result.Contended();
    }

    private record Verdict(X402Rules.Outcome outcome, long amountUsd) {}

    /** Steps 1-8 (and Purser's amount and currency checks) on the figures read; the lease is checked by the caller. */
    private Verdict decide(AgentContext ctx, AuthorizeInput in, String chain, String host, ResolvedCategory category,
                            Instant now) {
        Account account = ctx.account();
        if (!"USD".equals(account.currency())) {
            // Window counters are per currency; USD spend cannot count in another currency's windows exactly.
            return new Verdict(new X402Rules.Outcome.Declined("ACCOUNT_CURRENCY_NOT_USD"), 0);
        }
        if (in.assetAddress() != null && in.assetAddress().equals(in.asset())) {
            // A contract nothing names: no rate to convert with (the address as sent, not upper-cased).
            return new Verdict(new X402Rules.Outcome.Declined("UNSUPPORTED_ASSET: " + in.assetAddress()), 0);
        }
        var above = X402Rules.amountAboveMax(in.amount(), in.assetDecimals(), in.maxAmountUsd(), in.asset());
        if (above.isPresent()) return new Verdict(new X402Rules.Outcome.Declined(above.get()), 0);
        UsdConversion.Result converted = conversion.convert(in.maxAmountUsd(), in.asset());
        if (converted instanceof UsdConversion.Result.Declined d) return new Verdict(new X402Rules.Outcome.Declined(d.reason()), 0);
        long amountUsd = ((UsdConversion.Result.Converted) converted).amountUsdMinor();
        Policy policy = policy(ctx.agent());
        return new Verdict(X402Rules.evaluate(new X402Rules.Attempt(amountUsd, chain, host, category.category()),
                policy, X402Policy.of(policy.raw()), account.rules(), account.zone(), ctx.snapshot(), now), amountUsd);
    }

    private PurchaseRequest request(Agent agent, Account account, AuthorizeInput in, long amountUsd, String chain,
                                    String host, ResolvedCategory category, X402Rules.Outcome.Authorized ok, Instant now) {
        List<String> ruleIds = AccountRules.temporalActiveAt(account.rules(), now).stream()
                .map(AccountRule::id).sorted().toList();
        Decision decision = new Decision(Outcome.AUTO_APPROVED, ok.checks(), null, ok.guards());
        return new PurchaseRequest(UUID.randomUUID().toString(), agent.id(), account.id(), RequestStatus.AUTO_APPROVED,
                amountUsd, "USD", category.category(), category.originalCategory(), host, in.resource(), null,
                Json.write(RequestViews.policyCheck(decision)), now, now, now.plus(AUTHORIZATION_TTL), null, null, null,
                null, Windows.of(now, account.zone()), ruleIds);
    }

    private static ObjectNode declined(String reason) {
        ObjectNode o = Json.object();
        o.put("authorized", false);
        o.putNull("authorization_id");
        o.put("reason", reason);
        o.putNull("expires_at");
        o.putNull("remaining_daily_budget");
        o.putNull("remaining_monthly_budget");
        return o;
    }

    private static ObjectNode authorized(PurchaseRequest r, X402Rules.Outcome.Authorized ok) {
        ObjectNode o = Json.object();
        o.put("authorized", true);
        o.put("authorization_id", r.id());
        o.putNull("reason");
        o.put("expires_at", Times.wire(r.expiresAt()));
        o.put("remaining_daily_budget", ok.remainingDaily() == null ? null : Money.plain(ok.remainingDaily()));
        o.put("remaining_monthly_budget", ok.remainingMonthly() == null ? null : Money.plain(ok.remainingMonthly()));
        return o;
    }

    private static ObjectNode eventView(PurchaseRequest r, Map<String, AttributeValue> item) {
        ObjectNode o = RequestViews.owner(r);
        o.put("settlement_method", SETTLEMENT_METHOD);
        o.put("settlement_currency", str(item, "settlement_currency"));
        o.put("settlement_network", str(item, "settlement_network"));
        o.put("pay_to", str(item, "x402_pay_to"));
        return o;
    }

    // --- report ------------------------------------------------------------------------------

    public X402Result report(String tokenHash, Supplier<ReportInput> inputs) {
        ReportInput in = null;
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            Instant now = now();
            AgentContext ctx = reader.read(tokenHash, now, false, null);
            var denial = AgentDenial.of(ctx);
            if (denial.isPresent()) return new X402Result.Denied(denial.get());
            if (in == null) in = inputs.get();
            String id = in.authorizationId();
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(key(Keys.request(id), Keys.REQUEST_SK))).item();
            if (item == null || item.isEmpty() || !ctx.agent().id().equals(str(item, "agent_id"))
                    || !SETTLEMENT_METHOD.equals(str(item, "settlement_method"))) {
                return new X402Result.NotFound();
            }
            PurchaseRequest r = PurchaseRequest.fromItem(item);
            if (r.status() != RequestStatus.AUTO_APPROVED) return new X402Result.AlreadyReported();
            String hash = normalizeHash(in.txHash());
            long corrected = in.actualAmountUsdMinor() == null ? r.amount() : in.actualAmountUsdMinor();
            long diff = corrected - r.amount();

            Commit commit = Commit.in(table)
                    .update("request", reported(id, hash, in, now))
                    .putNew("tx", Map.of(
                            TableDefinition.PK, s(Keys.account(r.accountId())),
                            TableDefinition.SK, s(txSk(hash)),
                            "authorization_id", s(id),
                            "created_at", s(Times.stored(now))));
            if (diff != 0) {
                MoneyDelta delta = MoneyDelta.spend(diff);
                commit.update("agent", budget.agentMoney(r.agentId(), delta, 0).build());
                budget.everywhere(commit, r.hold(), delta);
            }
            ObjectNode view = RequestViews.owner(r);
            view.put("status", RequestStatus.COMPLETED.wire());
            view.put("completed_at", Times.wire(now));
            view.put("actual_amount", Money.plain(corrected));
            view.put("settlement_method", SETTLEMENT_METHOD);
            view.put("tx_hash", hash);
            commit.event(EventType.X402_REPORTED, r.accountId(), view, now);
            CommitOutcome result = commit.run(dynamo);
            if (result.committed()) {
                ObjectNode o = Json.object();
                o.put("recorded", true);
                o.put("transaction_id", id);
                return new X402Result.Answered(200, o);
            }
            if (result instanceof CommitOutcome.ConditionFailed f) {
                if ("tx".equals(f.label())) return new X402Result.HashReused();
                // "request": reported (or confirmed) concurrently; re-read to answer from the real state.
            }
        }
        return new X402Result.Contended();
    }

    /** The authorization's request, completed by its report (conditional on still auto-approved). */
    private Update reported(String id, String hash, ReportInput in, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":completed", s(RequestStatus.COMPLETED.wire()));
        values.put(":auto", s(RequestStatus.AUTO_APPROVED.wire()));
        values.put(":now", s(Times.stored(now)));
        values.put(":hash", s(hash));
        StringBuilder set = new StringBuilder("SET #st = :completed, completed_at = :now, reported_at = :now, tx_hash = :hash");
        if (in.actualAmountUsdMinor() != null) {
            set.append(", actual_amount = :actual");
            values.put(":actual", n(in.actualAmountUsdMinor()));
        }
        if (in.actualAmount() != null) {
            set.append(", x402_actual_amount = :atomic");
            values.put(":atomic", s(in.actualAmount()));
        }
        if (in.resourceUrl() != null) {
            set.append(", report_resource_url = :res");
            values.put(":res", s(in.resourceUrl()));
        }
        return Update.builder().tableName(table).key(key(Keys.request(id), Keys.REQUEST_SK))
                .updateExpression(set + " REMOVE " + TableDefinition.DUE_PK + ", " + TableDefinition.DUE_AT)
                .conditionExpression("#st = :auto")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(values).build();
    }

    /** EVM hashes are hex, so case carries no meaning; base58 (Solana) is case-sensitive. */
    static String normalizeHash(String hash) {
        String h = hash.strip();
        return h.startsWith("0x") || h.startsWith("0X") ? "0x" + h.substring(2).toLowerCase(Locale.ROOT) : h;
    }

    /** The claim that makes a transaction hash usable by one authorization of the account. */
    static String txSk(String hash) {
        return "X402TX#" + hash;
    }

    // --- budget ------------------------------------------------------------------------------

    public X402Result budget(String tokenHash) {
        Instant now = now();
        AgentContext ctx = reader.read(tokenHash, now, true, null);
        var denial = AgentDenial.of(ctx);
        if (denial.isPresent()) return new X402Result.Denied(denial.get());
        Agent agent = ctx.agent();
        Policy policy = policy(agent);
        X402Policy x = X402Policy.of(policy.raw());
        ObjectNode o = Json.object();
        o.put("agent_id", agent.id());
        o.put("budget", Money.plain(agent.budget()));
        o.put("spent", Money.plain(agent.spent()));
        o.put("remaining", Money.plain(agent.remaining()));
        ObjectNode p = o.putObject("x402_policy");
        p.put("max_per_request", x.maxPerRequestText());
        Long daily = X402Rules.truthy(policy.dailyLimit());
        Long monthly = X402Rules.truthy(policy.monthlyLimit());
        p.put("daily_limit", daily == null ? null : Money.plain(daily));
        p.put("daily_spent", Money.plain(ctx.snapshot().agentDaily()));
        p.put("monthly_limit", monthly == null ? null : Money.plain(monthly));
        p.put("monthly_spent", Money.plain(ctx.snapshot().agentMonthly()));
        ArrayNode domains = p.putArray("allowed_domains");
        x.allowedDomains().forEach(domains::add);
        ArrayNode chains = p.putArray("allowed_chains");
        x.allowedChains().forEach(chains::add);
        ArrayNode ws = o.putArray("wallets");
        for (X402Wallets.Wallet w : wallets.list(agent.id())) {
            ws.addObject().put("address", w.address()).put("chain", w.chain()).put("provider", w.provider());
        }
        return new X402Result.Answered(200, o);
    }

    // --- wallets -----------------------------------------------------------------------------

    /** A validated {@code POST /x402/wallets} body: chain lower-cased and known, address checked. */
    public record WalletInput(String address, String chain, String provider) {}

    public X402Result registerWallet(String tokenHash, Supplier<WalletInput> inputs) {
        Instant now = now();
        AgentContext ctx = reader.read(tokenHash, now, false, null);
        var denial = AgentDenial.of(ctx);
        if (denial.isPresent()) return new X402Result.Denied(denial.get());
        WalletInput in = inputs.get();
        X402Wallets.Wallet w = wallets.register(ctx.agent().id(), in.address(), in.chain(), in.provider(), now);
        if (w == null) return new X402Result.WalletExists(in.chain());
        return new X402Result.Answered(201, walletView(w));
    }

    public X402Result listWallets(String tokenHash) {
        AgentContext ctx = reader.read(tokenHash, now(), false, null);
        var denial = AgentDenial.of(ctx);
        if (denial.isPresent()) return new X402Result.Denied(denial.get());
        ArrayNode out = Json.array();
        for (X402Wallets.Wallet w : wallets.list(ctx.agent().id())) out.add(walletView(w));
        return new X402Result.Answered(200, out);
    }

    /**
     * {@code POST /x402/wallets/create}: upstream creates a custodial (Coinbase CDP) wallet. Purser
     * ships no custodial provider, so this says so (503) after authenticating the agent.
     */
    public X402Result createWallet(String tokenHash) {
        AgentContext ctx = reader.read(tokenHash, now(), false, null);
        var denial = AgentDenial.of(ctx);
        if (denial.isPresent()) return new X402Result.Denied(denial.get());
        return new X402Result.NoWalletProvider();
    }

    private static ObjectNode walletView(X402Wallets.Wallet w) {
        ObjectNode o = Json.object();
        o.put("wallet_address", w.address());
        o.put("chain", w.chain());
        o.put("wallet_provider", w.provider());
        o.put("is_active", w.active());
        o.put("created_at", Times.wire(w.createdAt()));
        return o;
    }

    private static Policy policy(Agent agent) {
        return agent.policyJson() == null ? Policy.NONE : Policy.parse(Json.parseTrusted(agent.policyJson()));
    }

    private Instant now() {
        return Times.micros(clock.instant());
    }
}
