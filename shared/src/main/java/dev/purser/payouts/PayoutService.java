package dev.purser.payouts;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.accounts.Account;
import dev.purser.budget.BudgetWrites;
import dev.purser.budget.MoneyDelta;
import dev.purser.events.EventType;
import dev.purser.events.Outbox;
import dev.purser.idempotency.Fingerprint;
import dev.purser.idempotency.IdempotencyCheck;
import dev.purser.idempotency.IdempotencyKey;
import dev.purser.idempotency.IdempotencyRecord;
import dev.purser.idempotency.IdempotencyStore;
import dev.purser.idempotency.StoredResponse;
import dev.purser.json.Json;
import dev.purser.leases.LeaseStore;
import dev.purser.ledger.LedgerConfig;
import dev.purser.ledger.settlement.Connectors;
import dev.purser.ledger.store.LedgerIdempotency;
import dev.purser.ledger.store.LedgerItems;
import dev.purser.ledger.store.LedgerKeys;
import dev.purser.ledger.store.Movements;
import dev.purser.ledger.store.PageCursor;
import dev.purser.commit.Commit;
import dev.purser.commit.CommitOutcome;
import dev.purser.money.Money;
import dev.purser.payments.PaymentReader;
import dev.purser.policy.AccountRule;
import dev.purser.policy.AccountRules;
import dev.purser.policy.CategoryResolver;
import dev.purser.policy.Check;
import dev.purser.policy.Decision;
import dev.purser.policy.Outcome;
import dev.purser.policy.Policy;
import dev.purser.policy.PolicyEngine;
import dev.purser.policy.PurchaseAttempt;
import dev.purser.policy.ResolvedCategory;
import dev.purser.requests.PurchaseRequest;
import dev.purser.requests.RequestItems;
import dev.purser.requests.RequestStatus;
import dev.purser.requests.RequestViews;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import dev.purser.time.Windows;
import dev.purser.retry.Retry;
import dev.purser.wallets.Caller;
import dev.purser.wallets.Callers;
import dev.purser.wallets.Wallet;
import dev.purser.wallets.WalletStore;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Payouts: the wallet's money becomes a pending transfer to payouts-in-transit (no overdraft: the
 * wallet's {@code available >= amount} condition). A payout is spend: it is decided by the SAME
 * policy engine against the SAME counters as a wallet payment (read by {@link PaymentReader}, the
 * budget written by {@link BudgetWrites}), and recorded as a review request with the payout's id,
 * so the owner reviews it in the same queue, with the same one-click links and events
 * ({@link PayoutLinks} moves the payout when that request is decided). An agent's payout to a
 * destination the owner has not approved is held for the owner ({@code held_by: payout_destination});
 * the owner can turn agent payouts off ({@link PayoutDestinations}). The request, every counter
 * with its guard, the agent's money, the payout, its transfer, the idempotency record and the
 * events are ONE transaction; the settlement job completes or fails it.
 */
public final class PayoutService {
    private static final int MAX_ATTEMPTS = 40;
    private static final String NO_LEASE = "no-active-lease";
    /** The check that holds an agent's payout to a destination the owner has not approved. */
    public static final String DESTINATION_CHECK = "payout_destination";

    private final DynamoDbClient dynamo;
    private final String table;
    private final WalletStore wallets;
    private final Movements movements;
    private final IdempotencyStore idempotency;
    private final Outbox outbox;
    private final Connectors connectors;
    private final Supplier<Instant> clock;
    private final PaymentReader reader;
    private final BudgetWrites budget;
    private final PayoutDestinations destinations;

    public PayoutService(DynamoDbClient dynamo, String table, LedgerConfig config, Supplier<Instant> clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.wallets = new WalletStore(dynamo, table);
        this.movements = new Movements(new LedgerItems(table));
        this.idempotency = new IdempotencyStore(dynamo, table);
        this.outbox = new Outbox(table);
        this.connectors = Connectors.from(config);
        this.clock = clock;
        this.reader = new PaymentReader(dynamo, table);
        this.budget = new BudgetWrites(table);
        this.destinations = new PayoutDestinations(dynamo, table);
    }

    public PayoutDestinations destinations() {
        return destinations;
    }

    public Instant now() {
        return clock.get();
    }

    /** One payout being decided: who asks, from which wallet (as read), how much, to where. */
    private record Ask(Caller caller, Wallet wallet, long amount, Destination destination, String destinationId,
                       String description, IdempotencyKey key, Fingerprint fingerprint, Instant now) {}

    /** @param destinationId the destination's identity ({@link DestinationParser#id}) */
    public PayoutOutcome create(Caller caller, String walletId, long amount, String currency, Destination destination,
                                String destinationId, String description, String idemKey, Fingerprint fingerprint) {
        String rail = "payout:" + destination.type();
        if (connectors.forRail(rail).isEmpty()) return new PayoutOutcome.SettlementNotConfigured(rail);
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            Instant now = clock.get();
            Wallet w = walletId.length() > 100 ? null : wallets.get(walletId);
            if (!caller.mayUse(w)) return new PayoutOutcome.WalletNotFound();
            if (currency != null && !currency.equals(w.currency())) return new PayoutOutcome.CurrencyMismatch(w.currency());
            var key = LedgerIdempotency.key(caller.idempotencyOwner(), "payout", idemKey);
            var check = LedgerIdempotency.check(idempotency, key, fingerprint, now);
            if (check instanceof IdempotencyCheck.KeyReused) return new PayoutOutcome.IdempotencyKeyReused();
            if (check instanceof IdempotencyCheck.Replay rp) return new PayoutOutcome.Replayed(rp.response());
            PayoutOutcome o = decideAndCommit(new Ask(caller, w, amount, destination, destinationId, description, key,
                    fingerprint, now));
            if (o != null) return o; // else lost a race (a counter, the agent, a conflict): decide again on fresh figures
        }
        throw new IllegalStateException("payout from " + walletId + " kept contending");
    }

    /** Reads, refuses, decides and commits once; null when a race was lost (nothing written). */
    private PayoutOutcome decideAndCommit(Ask a) {
        String tokenHash = a.caller() instanceof Caller.AgentCaller ac ? ac.tokenHash() : null;
        PaymentReader.Context ctx = reader.read(tokenHash, a.wallet().agentId(), a.caller().accountId(), a.wallet().id(),
                null, null, null, a.now());
        if (ctx.agent() == null || ctx.account() == null || ctx.from() == null
                || (tokenHash != null && !ctx.tokenActive())) {
            return new PayoutOutcome.WalletNotFound();
        }
        String refusal = Callers.refusal(ctx.agent(), ctx.account());
        if (refusal != null) return new PayoutOutcome.Forbidden(refusal);
        if (ctx.rateCount() >= BudgetWrites.RATE_LIMIT_PER_MINUTE) {
            return new PayoutOutcome.RateLimited("Too many requests. Please try again later.");
        }
        Account account = ctx.account();
        if (!a.wallet().currency().equals(account.currency())) {
            // Policy limits are in the account currency and nothing converts: an owner may pay out
            // of a wallet in another currency (no agent spend to count); an agent may not.
            if (a.caller() instanceof Caller.OwnerCaller) return commitUndecided(a, ctx);
            return new PayoutOutcome.Invalid("from_wallet_id", "an agent's payouts are policy-checked in the account currency "
                    + account.currency() + "; pay out from a " + account.currency() + " wallet");
        }
        if (ctx.agent().pendingCount() >= BudgetWrites.PENDING_CAP) {
            return new PayoutOutcome.RateLimited("Too many pending requests. Wait for existing requests to be resolved.");
        }
        boolean byAgent = a.caller() instanceof Caller.AgentCaller;
        PayoutDestinations.Controls controls = byAgent ? destinations.controls(account.id(), a.destinationId()) : null;
        if (byAgent && !controls.agentPayouts()) return new PayoutOutcome.AgentPayoutsOff();
        ResolvedCategory category = CategoryResolver.resolve(CategoryResolver.FALLBACK, account.categories(),
                account.activeAliases());
        Decision decision = PolicyEngine.evaluate(new PurchaseAttempt(Money.toDecimal(a.amount()), a.amount(),
                        category.category(), a.destination().payee()),
                ctx.agent().status(), Policy.parse(ctx.agent().policyJson() == null ? null : Json.parseTrusted(ctx.agent().policyJson())),
                account.rules(), account.zone(), ctx.snapshot(), a.now());
        if (byAgent) decision = underDestination(decision, controls.destinationApproved(), a.destination());
        ObjectNode policyCheck = RequestViews.policyCheck(decision);
        if (decision.outcome() == Outcome.REJECTED) {
            return new PayoutOutcome.PolicyRejected(Json.write(policyCheck), PayoutViews.heldBy(policyCheck));
        }
        if (ctx.from().balances().available() < a.amount()) {
            return new PayoutOutcome.InsufficientFunds(ctx.from().balances().available(), a.amount());
        }
        boolean auto = decision.outcome() == Outcome.AUTO_APPROVED;
        Payout p = newPayout(a, ctx.agent().id(), auto ? PayoutStatus.PENDING : PayoutStatus.PENDING_APPROVAL, Json.write(policyCheck));
        PurchaseRequest request = reviewRequest(p, category, decision, account, a.now());
        CommitOutcome r = commit(a, p, request, decision, auto).run(dynamo);
        if (r.committed()) return new PayoutOutcome.Created(p);
        if (r instanceof CommitOutcome.ConditionFailed f) {
            if (f.label().equals(NO_LEASE)) {
                return new PayoutOutcome.Forbidden("Agent " + p.agentId() + " spends under an active budget lease: "
                        + "a payout does not draw from a lease, so it is refused until the lease is released or expires");
            }
            if (f.label().equals(LedgerItems.walletLabel(p.walletId()))) {
                return new PayoutOutcome.InsufficientFunds(ctx.from().balances().available(), a.amount());
            }
            if (f.label().equals("rate")) return new PayoutOutcome.RateLimited("Too many requests. Please try again later.");
        }
        return null;
    }

    /** The owner's payout from a wallet outside the account currency: no decision, no request, no counters. */
    private PayoutOutcome commitUndecided(Ask a, PaymentReader.Context ctx) {
        if (ctx.from().balances().available() < a.amount()) {
            return new PayoutOutcome.InsufficientFunds(ctx.from().balances().available(), a.amount());
        }
        Payout p = newPayout(a, ctx.agent().id(), PayoutStatus.PENDING, null);
        Commit tx = Commit.in(table).item("payout", put(p));
        movements.create(tx, List.of(p.pendingTransfer()), p.id(), a.now(), p.description() == null ? p.destination().label() : p.description());
        if (a.key() != null) {
            tx.idempotency(IdempotencyRecord.completed(a.key(), a.fingerprint(), new StoredResponse(201, Json.write(PayoutViews.payout(p))), a.now()));
        }
        tx.event(EventType.PAYOUT_INITIATED, p.accountId(), PayoutViews.payout(p), a.now());
        CommitOutcome r = tx.run(dynamo);
        if (r.committed()) return new PayoutOutcome.Created(p);
        if (r instanceof CommitOutcome.ConditionFailed f && f.label().equals(LedgerItems.walletLabel(p.walletId()))) {
            return new PayoutOutcome.InsufficientFunds(ctx.from().balances().available(), a.amount());
        }
        return null;
    }

    private static Payout newPayout(Ask a, String agentId, PayoutStatus status, String policyCheck) {
        return new Payout(Payout.ID_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 24),
                a.wallet().accountId(), agentId, a.wallet().id(), a.amount(), a.wallet().currency(), a.destination(),
                a.destinationId(), a.description(), status, null, estimatedArrival(a.destination(), a.now()), a.now(), a.now(),
                null, policyCheck);
    }

    /**
     * An agent's payout to a destination the owner has not approved waits for the owner (a
     * rejection stays a rejection); the check says which destination and why.
     */
    private static Decision underDestination(Decision d, boolean approved, Destination destination) {
        if (d.outcome() == Outcome.REJECTED) return d;
        List<Check> checks = new ArrayList<>(d.checks());
        checks.add(approved ? Check.pass(DESTINATION_CHECK, "Destination " + destination.label() + " is approved by the account")
                : Check.fail(DESTINATION_CHECK, "Destination " + destination.label() + " has not been approved by the account: "
                + "the owner approves this payout, and with it the destination"));
        Outcome outcome = approved ? d.outcome() : Outcome.PENDING;
        return new Decision(outcome, checks, d.velocityFailure(), d.guards());
    }

    /** The payout's review request: same id, the decision, the windows and rules it counts in. */
    private static PurchaseRequest reviewRequest(Payout p, ResolvedCategory category, Decision decision, Account account,
                                                 Instant now) {
        boolean auto = decision.outcome() == Outcome.AUTO_APPROVED;
        Instant expiresAt = auto ? now : now.plus(Duration.ofMinutes(account.requestExpiryMinutes()));
        List<String> ruleIds = AccountRules.temporalActiveAt(account.rules(), now).stream().map(AccountRule::id).sorted().toList();
        String description = "payout " + p.id() + " to " + p.destination().label()
                + (p.description() == null ? "" : ": " + p.description());
        return new PurchaseRequest(p.id(), p.agentId(), p.accountId(), auto ? RequestStatus.AUTO_APPROVED : RequestStatus.PENDING,
                p.amount(), p.currency(), category.category(), category.originalCategory(), p.destination().payee(),
                description.length() > 1000 ? description.substring(0, 1000) : description, null,
                Json.write(RequestViews.policyCheck(decision)), now, auto ? now : null, expiresAt, null, null, null, null,
                Windows.of(now, account.zone()), ruleIds);
    }

    /** ONE transaction: request, rate, agent money, guarded counters, payout, transfer, idempotency, events. */
    private Commit commit(Ask a, Payout p, PurchaseRequest request, Decision decision, boolean auto) {
        Instant now = a.now();
        Commit tx = Commit.in(table).putNew("request", RequestItems.toItem(request));
        tx.item("rate", budget.rate(p.agentId(), now));
        MoneyDelta delta = auto ? MoneyDelta.spend(p.amount()) : MoneyDelta.hold(p.amount());
        tx.update("agent", budget.agentSpend(p.agentId(), delta, auto ? 0 : 1, true));
        budget.guarded(tx, request.hold(), decision.guards(), delta, now, true);
        tx.item("payout", put(p));
        movements.create(tx, List.of(p.pendingTransfer()), p.id(), now, p.description() == null ? p.destination().label() : p.description());
        if (a.key() != null) {
            tx.idempotency(IdempotencyRecord.completed(a.key(), a.fingerprint(),
                    new StoredResponse(201, Json.write(PayoutViews.payout(p))), now));
        }
        tx.event(auto ? EventType.REQUEST_AUTO_APPROVED : EventType.REQUEST_PENDING, p.accountId(), RequestViews.owner(request), now);
        tx.event(auto ? EventType.PAYOUT_INITIATED : EventType.PAYOUT_PENDING_APPROVAL, p.accountId(), PayoutViews.payout(p), now);
        // A leased child spends through purchase requests and reservations, which draw from its lease.
        tx.conditionCheck(NO_LEASE, LeaseStore.noActiveLease(table, p.agentId()));
        return tx;
    }

    /** ACH: two business days; on-chain: the same day; Stripe: the next day. */
    static LocalDate estimatedArrival(Destination d, Instant now) {
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        if (d instanceof Destination.Crypto) return day;
        if (d instanceof Destination.Stripe) return day.plusDays(1);
        int added = 0;
        while (added < 2) {
            day = day.plusDays(1);
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) added++;
        }
        return day;
    }

    private TransactWriteItem put(Payout p) {
        Map<String, AttributeValue> item = new HashMap<>();
        String created = Times.stored(p.createdAt());
        item.put(TableDefinition.PK, s(LedgerKeys.payout(p.id())));
        item.put(TableDefinition.SK, s(LedgerKeys.PAYOUT_SK));
        item.put(TableDefinition.GSI1_PK, s(LedgerKeys.accountPayouts(p.accountId())));
        item.put(TableDefinition.GSI1_SK, s(created + "#" + p.id()));
        if (p.status() != PayoutStatus.PENDING_APPROVAL) { // held for the owner: not the rail's until approved
            item.put(TableDefinition.DUE_PK, s(LedgerKeys.SETTLE_PARTITION));
            item.put(TableDefinition.DUE_AT, s(created + "#" + p.id()));
        }
        item.put("payout_id", s(p.id()));
        item.put("account_id", s(p.accountId()));
        item.put("agent_id", s(p.agentId()));
        item.put("wallet_id", s(p.walletId()));
        item.put("amount", n(p.amount()));
        item.put("currency", s(p.currency()));
        item.put("destination_type", s(p.destination().type()));
        item.put("destination", s(Json.write(Payout.destinationJson(p.destination()))));
        if (p.destinationId() != null) item.put("destination_id", s(p.destinationId()));
        if (p.policyCheck() != null) item.put("policy_check", s(p.policyCheck()));
        if (p.description() != null) item.put("description", s(p.description()));
        item.put("status", s(p.status().wire()));
        item.put("estimated_arrival", s(p.estimatedArrival().toString()));
        item.put("created_at", s(created));
        item.put("updated_at", s(created));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    public Payout get(String payoutId) {
        if (payoutId == null || payoutId.length() > 100) return null;
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(LedgerKeys.payout(payoutId), LedgerKeys.PAYOUT_SK))).item();
        return item == null || item.isEmpty() ? null : Payout.fromItem(item);
    }

    /** The payout if the caller may see it: the account's owner, or the agent whose wallet it left. */
    public Payout visible(Caller caller, String payoutId) {
        Payout p = get(payoutId);
        if (p == null || !p.accountId().equals(caller.accountId())) return null;
        if (caller instanceof Caller.AgentCaller a && !a.agentId().equals(p.agentId())) return null;
        return p;
    }

    /** A page and the opaque cursor of the next (null at the end). */
    public record Page(List<Payout> payouts, String next) {}

    public Page list(Caller caller, String status, int limit, String cursor) {
        Map<String, AttributeValue> start = PageCursor.decode(cursor, TableDefinition.GSI1_PK,
                LedgerKeys.accountPayouts(caller.accountId()));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", s(LedgerKeys.accountPayouts(caller.accountId()))));
        Map<String, String> names = new HashMap<>(Map.of("#p", TableDefinition.GSI1_PK));
        StringBuilder filter = new StringBuilder();
        if (status != null) {
            filter.append("#st = :st");
            values.put(":st", s(status));
            names.put("#st", "status");
        }
        if (caller instanceof Caller.AgentCaller a) {
            if (filter.length() > 0) filter.append(" AND ");
            filter.append("agent_id = :a");
            values.put(":a", s(a.agentId()));
        }
        QueryResponse r = dynamo.query(b -> b.tableName(table).indexName(TableDefinition.GSI1)
                .keyConditionExpression("#p = :p")
                .filterExpression(filter.length() == 0 ? null : filter.toString())
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .scanIndexForward(false).limit(limit).exclusiveStartKey(start));
        String next = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()
                ? PageCursor.encode(r.lastEvaluatedKey()) : null;
        return new Page(r.items().stream().map(Payout::fromItem).toList(), next);
    }
}
