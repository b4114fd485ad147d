package dev.purser.payments;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.accounts.Account;
import dev.purser.budget.BudgetWrites;
import dev.purser.budget.MoneyDelta;
import dev.purser.commit.Commit;
import dev.purser.commit.CommitOutcome;
import dev.purser.events.EventType;
import dev.purser.events.Outbox;
import dev.purser.idempotency.Fingerprint;
import dev.purser.idempotency.IdempotencyCheck;
import dev.purser.idempotency.IdempotencyRecord;
import dev.purser.idempotency.IdempotencyStore;
import dev.purser.idempotency.StoredResponse;
import dev.purser.json.Json;
import dev.purser.leases.LeaseStore;
import dev.purser.ledger.LedgerConfig;
import dev.purser.ledger.Transfer;
import dev.purser.ledger.TransferKind;
import dev.purser.ledger.settlement.Connectors;
import dev.purser.ledger.store.LedgerIdempotency;
import dev.purser.ledger.store.LedgerItems;
import dev.purser.ledger.store.LedgerKeys;
import dev.purser.ledger.store.Movements;
import dev.purser.mandates.ExecutionToken;
import dev.purser.mandates.Mandate;
import dev.purser.mandates.MandateCheck;
import dev.purser.mandates.MandateState;
import dev.purser.mandates.Mandates;
import dev.purser.money.Money;
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
import dev.purser.requests.RequestCreator;
import dev.purser.requests.RequestItems;
import dev.purser.requests.RequestStatus;
import dev.purser.requests.RequestViews;
import dev.purser.retry.Retry;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import dev.purser.time.Windows;
import dev.purser.wallets.Caller;
import dev.purser.wallets.Callers;
import dev.purser.wallets.Wallet;
import dev.purser.wallets.WalletStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Creates payments. A payment is decided by the SAME policy engine, against the SAME counters, as a
 * purchase request (category default {@code other}, merchant = the payee), and its decision is
 * recorded as a purchase request with the payment's id — so the owner reviews it with the same
 * endpoints and one-click links, and the budget windows count it. The request, every counter with
 * its guard, the payment, its transfers, the wallet balances (no overdraft as a condition), the
 * ledger lines, the idempotency record and the events are ONE transaction. Reads: one batch
 * ({@link PaymentReader}); a lost race is decided again on fresh figures.
 */
public final class PaymentService {
    private static final int MAX_ATTEMPTS = 40;

    private final DynamoDbClient dynamo;
    private final String table;
    private static final String NO_LEASE = "no-active-lease";
    private final PaymentReader reader;
    private final PaymentItems payments;
    private final LedgerItems ledgerItems;
    private final Movements movements;
    private final IdempotencyStore idempotency;
    private final BudgetWrites budget;
    private final Outbox outbox;
    private final LedgerConfig config;
    private final Connectors connectors;
    private final Supplier<Instant> clock;
    private final Map<String, Policy> policies = new ConcurrentHashMap<>();
    private final WalletStore wallets;
    private final Mandates mandates;

    public PaymentService(DynamoDbClient dynamo, String table, LedgerConfig config, Supplier<Instant> clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.reader = new PaymentReader(dynamo, table);
        this.payments = new PaymentItems(table);
        this.ledgerItems = new LedgerItems(table);
        this.movements = new Movements(ledgerItems);
        this.idempotency = new IdempotencyStore(dynamo, table);
        this.budget = new BudgetWrites(table);
        this.outbox = new Outbox(table);
        this.config = config;
        this.connectors = Connectors.from(config);
        this.clock = clock;
        this.wallets = new WalletStore(dynamo, table);
        // Only the token, state and commit-item methods are used here; they take "now" explicitly.
        this.mandates = new Mandates(dynamo, table, java.time.Clock.systemUTC());
    }

    public LedgerConfig config() { return config; }

    public static String newId() {
        return Payment.ID_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    /**
     * What another capability attaches to a payment it creates (an x402 payment token): the
     * payment is held as pending transfers ({@code authorized}) until that capability settles or
     * voids it, and the attachment's items and events join the payment's ONE transaction.
     */
    public interface Attachment {
        String serviceId();

        /** The payee as the policy sees it. */
        String merchant();

        /** The attached items and events, added to the payment's commit. */
        void attach(Commit tx, Payment p, Instant now);

        /** The 201 answer stored with the idempotency record (replayed on a retry). */
        ObjectNode response(Payment p);
    }

    /**
     * @param tokenHash the paying agent's token digest, or null when an owner pays
     * @param ownerAccountId the owner's account when an owner pays (then {@code input.agentId()} names the agent)
     * @param attachment null for a plain payment; else the payment is only made if the policy
     *                   auto-approves it, and stays {@code authorized} (pending transfers)
     */
    public PaymentOutcome create(String tokenHash, String ownerAccountId, NewPayment input) {
        return create(tokenHash, ownerAccountId, input, null, null, null);
    }

    /** A payment with an attachment (an x402 payment token: docs/x402.md "Payment tokens"). */
    public PaymentOutcome create(String tokenHash, String ownerAccountId, NewPayment input, Attachment attachment) {
        return create(tokenHash, ownerAccountId, input, null, null, attachment);
    }

    /** A payment under an execution token (see the six-argument form). */
    public PaymentOutcome create(String tokenHash, String ownerAccountId, NewPayment input, String execTokenHash,
                                 String mandateIdClaim) {
        return create(tokenHash, ownerAccountId, input, execTokenHash, mandateIdClaim, null);
    }

    /**
     * A payment, optionally under an execution token (docs/spend-guard.md#paying-with-an-execution-token).
     * With {@code execTokenHash} and neither an agent token nor an owner account, the execution
     * token alone authenticates: the payer is its agent. The token is consumed, the mandate's
     * running total raised (under its cap, as a condition) and its version asserted in the
     * payment's own transaction, so a token pays at most once and a mandate's total is never exceeded.
     *
     * @param execTokenHash the SHA-256 of the execution token presented, or null
     * @param mandateIdClaim the body's {@code mandate_id}, or null; must be the token's when given
     */
    public PaymentOutcome create(String tokenHash, String ownerAccountId, NewPayment input, String execTokenHash,
                                 String mandateIdClaim, Attachment attachment) {
        PaymentOutcome invalid = invalidInput(input);
        if (invalid != null) return invalid;
        Payer payer = new Payer(tokenHash, ownerAccountId, execTokenHash, mandateIdClaim);
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            Instant now = clock.get();
            Decided d = decide(payer, input, attachment, now);
            if (d.answer() != null) return d.answer();
            CommitOutcome r = commit(payer, d, input, attachment, now).run(dynamo);
            if (r.committed()) return new PaymentOutcome.Created(d.payment());
            PaymentOutcome lost = lostRace(r, d);
            if (lost != null) return lost;
            // Lost a race (a counter, the agent item, the idempotency record, a conflict): decide again.
        }
        return new PaymentOutcome.RateLimited("Too much contention on this wallet; please retry");
    }

    /** Who pays: an agent's token, an owner naming the agent, or an execution token alone (its agent). */
    private record Payer(String tokenHash, String ownerAccountId, String execTokenHash, String mandateIdClaim) {
        boolean execOnly() {
            return execTokenHash != null && tokenHash == null && ownerAccountId == null;
        }
    }

    /** One attempt's read and decision: the answer when refused, else what to commit. */
    private record Decided(PaymentOutcome answer, PaymentReader.Context ctx, ExecutionToken exec, MandateState mandate,
                           String idemOwner, Decision decision, Payment payment, PurchaseRequest request, long total) {
        static Decided refused(PaymentOutcome answer) {
            return new Decided(answer, null, null, null, null, null, null, null, 0);
        }

        boolean auto() {
            return decision.outcome() == Outcome.AUTO_APPROVED;
        }
    }

    /** What is wrong with the input before anything is read (rail, connector, wallets), or null. */
    private PaymentOutcome invalidInput(NewPayment input) {
        String rail = input.rail();
        if (!config.fees().knows(rail)) return new PaymentOutcome.Invalid("rail", "must be one of " + String.join(", ",
                new TreeSet<>(config.fees().rates().keySet())));
        if (!rail.equals(Connectors.INTERNAL) && connectors.forRail(rail).isEmpty()) {
            return new PaymentOutcome.SettlementNotConfigured(rail);
        }
        if (input.toWalletId() != null && !rail.equals(Connectors.INTERNAL)) {
            return new PaymentOutcome.Invalid("rail", "payments between wallets use the internal rail");
        }
        if (input.fromWalletId().equals(input.toWalletId())) {
            return new PaymentOutcome.Invalid("to_wallet_id", "must differ from from_wallet_id");
        }
        return null;
    }

    /** Read (one batch), refuse, decide: the payment and its review request, or the answer. */
    private Decided decide(Payer payer, NewPayment input, Attachment attachment, Instant now) {
        // The execution token is re-read on every attempt: a race lost to another use of it ends as "already used".
        ExecutionToken exec = null;
        String payerAccount = payer.ownerAccountId();
        String agentId = input.agentId();
        if (payer.execTokenHash() != null) {
            exec = mandates.findTokenByHash(payer.execTokenHash()).orElse(null);
            if (exec == null || (payer.ownerAccountId() != null && !exec.accountId().equals(payer.ownerAccountId()))) {
                return Decided.refused(new PaymentOutcome.ExecutionTokenInvalid("Invalid execution token"));
            }
            if (payer.execOnly()) payerAccount = exec.accountId();
            if (payer.tokenHash() == null && agentId == null) agentId = exec.agentId();
        }
        // Agent and execution-token callers' keys are scoped to the agent, an owner's to the account.
        String idemOwner = payer.tokenHash() != null ? null : payer.execOnly() ? Keys.agent(agentId) : Keys.account(payer.ownerAccountId());
        PaymentReader.Context ctx = reader.read(payer.tokenHash(), agentId, payerAccount, input.fromWalletId(),
                input.toWalletId(), idemOwner, input.idempotencyKey(), now);
        PaymentOutcome refused = refusedCaller(payer, ctx, payerAccount, exec, input, now);
        if (refused == null) refused = refusedWallets(ctx, input, attachment);
        if (refused != null) return Decided.refused(refused);
        Account account = ctx.account();
        ResolvedCategory category = CategoryResolver.resolve(input.category() == null ? CategoryResolver.FALLBACK : input.category(),
                account.categories(), account.activeAliases());
        String merchant = attachment != null ? attachment.merchant()
                : input.toWalletId() != null ? "wallet:" + input.toWalletId() : input.toExternal();
        MandateState mandate = null;
        if (exec != null) {
            mandate = mandates.state(exec.accountId(), exec.mandateId()).orElse(null);
            refused = mandateRefusal(exec, mandate, input, currency(input, ctx.from()), merchant, category, now);
            if (refused != null) return Decided.refused(refused);
        }
        Decision decision = PolicyEngine.evaluate(new PurchaseAttempt(input.amount(), input.amountMinor(), category.category(), merchant),
                ctx.agent().status(), policy(ctx.agent().policyJson()), account.rules(), account.zone(), ctx.snapshot(), now);
        if (mandate != null) decision = underMandate(decision, mandate.mandate(), input.amountMinor());
        return decided(ctx, exec, mandate, idemOwner, decision, input, attachment, category, merchant, now);
    }

    /** The caller's refusals in the spec's order: token, agent, status, idempotency, execution token, rate. */
    private static PaymentOutcome refusedCaller(Payer payer, PaymentReader.Context ctx, String payerAccount, ExecutionToken exec,
                                                NewPayment input, Instant now) {
        if (payer.tokenHash() != null && !ctx.tokenActive()) return new PaymentOutcome.Unauthorized("Invalid agent token");
        if (ctx.agent() == null || ctx.account() == null
                || (payerAccount != null && !ctx.agent().accountId().equals(payerAccount))) {
            if (payer.execOnly()) return new PaymentOutcome.ExecutionTokenInvalid("Invalid execution token: its agent no longer exists");
            return payer.tokenHash() != null ? new PaymentOutcome.Unauthorized("Invalid agent token") : new PaymentOutcome.AgentNotFound();
        }
        String refusal = Callers.refusal(ctx.agent(), ctx.account());
        if (refusal != null) return new PaymentOutcome.Forbidden(refusal);
        var check = IdempotencyStore.check(ctx.idempotency(), input.fingerprint(), now);
        if (check instanceof IdempotencyCheck.KeyReused) return new PaymentOutcome.IdempotencyKeyReused();
        // A retry with the payment's Idempotency-Key replays its answer even though its token is now used.
        if (check instanceof IdempotencyCheck.Replay r) return new PaymentOutcome.Replayed(r.response());
        if (exec != null) {
            PaymentOutcome refused = tokenRefusal(exec, ctx.agent().id(), payer.mandateIdClaim(), now);
            if (refused != null) return refused;
        }
        if (ctx.rateCount() >= BudgetWrites.RATE_LIMIT_PER_MINUTE) {
            return new PaymentOutcome.RateLimited("Too many requests. Please try again later.");
        }
        return null;
    }

    /** The wallets' refusals: found, the agent's, one currency (the wallets' and the account's), the pending cap. */
    private static PaymentOutcome refusedWallets(PaymentReader.Context ctx, NewPayment input, Attachment attachment) {
        Wallet from = ctx.from();
        Account account = ctx.account();
        if (from == null || !from.accountId().equals(account.id())) return new PaymentOutcome.WalletNotFound("from_wallet_id");
        if (!from.agentId().equals(ctx.agent().id())) return new PaymentOutcome.WalletNotYours();
        // A plain payment stays within the account (docs/ledger.md: another account's wallet is 404);
        // money crosses accounts only as a marketplace call (an attachment: an x402 payment token).
        if (input.toWalletId() != null && (ctx.to() == null
                || (attachment == null && !ctx.to().accountId().equals(account.id())))) {
            return new PaymentOutcome.WalletNotFound("to_wallet_id");
        }
        String currency = currency(input, from);
        if (!currency.equals(from.currency())) {
            return new PaymentOutcome.Invalid("currency", "must be the wallet's currency " + from.currency() + "; nothing converts");
        }
        if (ctx.to() != null && !ctx.to().currency().equals(currency)) {
            return new PaymentOutcome.Invalid("to_wallet_id", "is a " + ctx.to().currency() + " wallet; nothing converts");
        }
        if (!currency.equals(account.currency())) {
            return new PaymentOutcome.Invalid("currency", "payments are policy-checked in the account currency "
                    + account.currency() + "; pay from a " + account.currency() + " wallet");
        }
        if (ctx.agent().pendingCount() >= BudgetWrites.PENDING_CAP) {
            return new PaymentOutcome.RateLimited("Too many pending requests. Wait for existing requests to be resolved.");
        }
        return null;
    }

    private static String currency(NewPayment input, Wallet from) {
        return input.currency() == null ? from.currency() : input.currency();
    }

    /** Why the execution token's mandate does not allow this payment (audience, status, terms), or null. */
    private static PaymentOutcome mandateRefusal(ExecutionToken exec, MandateState mandate, NewPayment input, String currency,
                                                 String merchant, ResolvedCategory category, Instant now) {
        String payeeField = input.toWalletId() != null ? "to_wallet_id" : "to_external";
        if (!MandateCheck.audienceNames(exec.audience(), merchant)
                && !(input.toWalletId() != null && MandateCheck.audienceNames(exec.audience(), input.toWalletId()))) {
            return new PaymentOutcome.ExecutionTokenMismatch("audience", "The execution token's audience '" + exec.audience()
                    + "' does not name this payment's payee '" + merchant + "' (" + payeeField + ")");
        }
        if (mandate == null) return new PaymentOutcome.MandateViolation("mandate_id", "status", "mandate " + exec.mandateId() + " not found");
        var violation = MandateCheck.violation(mandate.mandate(), mandate.used(),
                new MandateCheck.Use("payment", input.amountMinor(), currency, merchant, payeeField, category.category(),
                        input.category()), now);
        if (violation.isEmpty()) return null;
        var v = violation.get();
        return new PaymentOutcome.MandateViolation(v.field(), v.term(), "Payment does not fit mandate "
                + mandate.mandate().id() + ": " + v.reason());
    }

    /** The decision's own refusals (policy, funds, a token that cannot wait), else the payment and its review request. */
    private Decided decided(PaymentReader.Context ctx, ExecutionToken exec, MandateState mandate, String idemOwner, Decision decision,
                            NewPayment input, Attachment attachment, ResolvedCategory category, String merchant, Instant now) {
        ObjectNode policyCheck = RequestCreator.policyCheck(decision);
        if (decision.outcome() == Outcome.REJECTED) return Decided.refused(new PaymentOutcome.PolicyRejected(Json.write(policyCheck)));
        Wallet from = ctx.from();
        String rail = input.rail();
        long fee = config.fees().fee(rail, input.amountMinor());
        long total = input.amountMinor() + fee;
        // A refusal from the read is safe (it never lets money through); the commit's condition decides the rest.
        if (from.balances().available() < total) {
            return Decided.refused(new PaymentOutcome.InsufficientFunds(from.balances().available(), total));
        }
        boolean auto = decision.outcome() == Outcome.AUTO_APPROVED;
        // A token is valid minutes: it cannot wait for a human's approval.
        if (attachment != null && !auto) return Decided.refused(new PaymentOutcome.ApprovalRequired(Json.write(policyCheck)));
        boolean settlesNow = auto && rail.equals(Connectors.INTERNAL) && attachment == null;
        PaymentStatus status = attachment != null ? PaymentStatus.AUTHORIZED
                : !auto ? PaymentStatus.PENDING_APPROVAL : settlesNow ? PaymentStatus.COMPLETED : PaymentStatus.PENDING;
        Account account = ctx.account();
        Payment p = new Payment(newId(), account.id(), ctx.agent().id(), from.id(), input.toWalletId(), input.toExternal(),
                input.amountMinor(), fee, currency(input, from), rail, status, input.description(), category.category(), merchant,
                Json.write(policyCheck), 0, null, now, now, settlesNow ? now : null, exec == null ? null : exec.mandateId(),
                attachment == null ? null : attachment.serviceId());
        PurchaseRequest request = request(p, category, decision, policyCheck, account, now);
        return new Decided(null, ctx, exec, mandate, idemOwner, decision, p, request, total);
    }

    /** ONE transaction: the review request, the mandate's use, the budget, the payment, its transfers, the record, the events. */
    private Commit commit(Payer payer, Decided d, NewPayment input, Attachment attachment, Instant now) {
        Payment p = d.payment();
        boolean auto = d.auto();
        boolean settlesNow = p.status() == PaymentStatus.COMPLETED;
        Commit tx = Commit.in(table).put("request", Put.builder().tableName(table).item(RequestItems.toItem(d.request()))
                .conditionExpression("attribute_not_exists(pk)").build());
        ExecutionToken exec = d.exec();
        if (exec != null) {
            // Right after the request, so a used or expired token is the reason reported first.
            tx.update("execution-token", mandates.consumption(exec, p.agentId(), "payment", exec.audience(), now));
            tx.conditionCheck("mandate", mandates.unchanged(d.mandate().mandate()));
            tx.update("mandate-total", mandates.totalUse(d.mandate().mandate(), p.amount(), now));
        }
        if (payer.tokenHash() != null) tx.update("token", budget.token(payer.tokenHash(), now));
        tx.item("rate", budget.rate(p.agentId(), now));
        MoneyDelta delta = auto ? MoneyDelta.spend(p.amount()) : MoneyDelta.hold(p.amount());
        tx.update("agent", budget.agentSpend(p.agentId(), delta, auto ? 0 : 1, true));
        budget.guarded(tx, d.request().hold(), d.decision().guards(), delta, now, true);
        tx.item("payment", payments.put(p));
        movements.create(tx, p.transfers(settlesNow), p.id(), now, p.description());
        var idemKey = LedgerIdempotency.key(d.idemOwner() != null ? d.idemOwner() : Keys.agent(p.agentId()), "payment", input.idempotencyKey());
        if (idemKey != null) {
            tx.idempotency(IdempotencyRecord.completed(idemKey, input.fingerprint(), new StoredResponse(201, Json.write(
                    attachment != null ? attachment.response(p) : PaymentViews.payment(p))), now));
        }
        tx.item("event", outbox.put(auto ? EventType.REQUEST_AUTO_APPROVED : EventType.REQUEST_PENDING, p.accountId(),
                RequestViews.owner(d.request()), now));
        if (attachment != null) {
            attachment.attach(tx, p, now); // its own event says what the held payment is for
        } else {
            EventType paymentEvent = !auto ? EventType.PAYMENT_PENDING
                    : settlesNow ? EventType.PAYMENT_COMPLETED : EventType.PAYMENT_INITIATED;
            tx.item("event", outbox.put(paymentEvent, p.accountId(), PaymentViews.payment(p), now));
        }
        if (exec != null) {
            tx.item("event", outbox.put(EventType.MANDATE_USED, p.accountId(),
                    Mandates.usedEvent(d.mandate(), exec, p.id(), p.amount(), p.currency(), p.merchant()), now));
        }
        // A leased child spends through purchase requests and reservations, which draw from
        // its lease; a wallet payment does not, so it is refused while a lease is active.
        return tx.conditionCheck(NO_LEASE, LeaseStore.noActiveLease(table, p.agentId()));
    }

    /** The answer to a lost commit whose failed condition settles it; null: read and decide again. */
    private static PaymentOutcome lostRace(CommitOutcome r, Decided d) {
        if (!(r instanceof CommitOutcome.ConditionFailed f)) return null;
        if (f.label().equals(NO_LEASE)) {
            return new PaymentOutcome.Forbidden("Agent " + d.payment().agentId() + " spends under an active budget lease: "
                    + "wallet payments and payment tokens do not draw from a lease, so they are refused until it "
                    + "is released or expires; use purchase requests or SpendGuard reservations, which do");
        }
        if (f.label().equals(LedgerItems.walletLabel(d.payment().fromWalletId()))) {
            // Funds moved between the read and the commit; the figure shown is the one read.
            return new PaymentOutcome.InsufficientFunds(d.ctx().from().balances().available(), d.total());
        }
        if (f.label().equals("rate")) return new PaymentOutcome.RateLimited("Too many requests. Please try again later.");
        if (f.label().equals("token")) return new PaymentOutcome.Unauthorized("Invalid agent token");
        // "execution-token", "mandate", "mandate-total": decided again on a fresh read, which
        // answers "already used", "expired", the new terms, or the total limit.
        return null;
    }

    /** Why an execution token cannot pay for this agent now, or null when it can. */
    private static PaymentOutcome tokenRefusal(ExecutionToken exec, String agentId, String mandateIdClaim, Instant now) {
        if (exec.used()) {
            return new PaymentOutcome.ExecutionTokenInvalid("Execution token " + exec.tokenId() + " was already used: "
                    + "an execution token pays at most once; ask for a new one");
        }
        if (!now.isBefore(exec.expiresAt())) {
            return new PaymentOutcome.ExecutionTokenInvalid("Execution token " + exec.tokenId() + " expired at "
                    + Times.wire(exec.expiresAt()) + "; ask for a new one");
        }
        if (!exec.agentId().equals(agentId)) {
            return new PaymentOutcome.ExecutionTokenMismatch("agent_id", "The execution token was issued to agent "
                    + exec.agentId() + ", not " + agentId);
        }
        if (!"payment".equals(exec.action())) {
            return new PaymentOutcome.ExecutionTokenMismatch("action", "The execution token is for action '" + exec.action()
                    + "', not 'payment'");
        }
        if (mandateIdClaim != null && !mandateIdClaim.equals(exec.mandateId())) {
            return new PaymentOutcome.ExecutionTokenMismatch("mandate_id", "The execution token belongs to mandate "
                    + exec.mandateId() + ", not " + mandateIdClaim);
        }
        return null;
    }

    /**
     * The policy's decision seen through the mandate: it records which mandate version allowed the
     * payment, and above the mandate's approval threshold an auto-approval becomes pending (a human
     * approves it like any pending payment). A rejection stays a rejection.
     */
    private static Decision underMandate(Decision d, Mandate m, long amount) {
        if (d.outcome() == Outcome.REJECTED) return d;
        List<Check> checks = new ArrayList<>(d.checks());
        boolean ask = MandateCheck.needsApproval(m, amount);
        String within = "Within mandate " + m.id() + " version " + m.version();
        checks.add(Check.pass("mandate", ask ? within + "; above its approval threshold "
                + Money.plain(m.terms().approvalThreshold()) + ": a human must approve" : within));
        Outcome outcome = ask && d.outcome() == Outcome.AUTO_APPROVED ? Outcome.PENDING : d.outcome();
        return new Decision(outcome, checks, d.velocityFailure(), d.guards());
    }

    private Policy policy(String json) {
        if (json == null) return Policy.parse(null);
        Policy p = policies.get(json);
        if (p == null) {
            p = Policy.parse(Json.parseTrusted(json));
            if (policies.size() > 10_000) policies.clear();
            policies.put(json, p);
        }
        return p;
    }

    /** The payment's review request: same id, the decision, the windows and rules it counts in. */
    private static PurchaseRequest request(Payment p, ResolvedCategory category, Decision decision, ObjectNode policyCheck,
                                           Account account, Instant now) {
        boolean auto = decision.outcome() == Outcome.AUTO_APPROVED;
        RequestStatus status = auto ? RequestStatus.AUTO_APPROVED : RequestStatus.PENDING;
        Instant expiresAt = auto ? now : now.plus(Duration.ofMinutes(account.requestExpiryMinutes()));
        List<String> ruleIds = AccountRules.temporalActiveAt(account.rules(), now).stream().map(AccountRule::id).sorted().toList();
        String description = "payment " + p.id() + " to " + (p.toWalletId() != null ? p.toWalletId() : p.toExternal())
                + (p.description() == null ? "" : ": " + p.description());
        return new PurchaseRequest(p.id(), p.agentId(), p.accountId(), status, p.amount(), p.currency(), category.category(),
                category.originalCategory(), p.merchant(), description.length() > 1000 ? description.substring(0, 1000) : description,
                null, Json.write(policyCheck), now, auto ? now : null, expiresAt, null, null, null, null,
                Windows.of(now, account.zone()), ruleIds);
    }

    /**
     * Whether the caller may see the payment: the paying account's owner, the paying agent, or the
     * payee (the agent owning the receiving wallet, or that wallet's account owner). Anything else
     * answers like an unknown id.
     */
    public boolean visible(Caller caller, Payment p) {
        if (p == null) return false;
        if (p.accountId().equals(caller.accountId())
                && (caller instanceof Caller.OwnerCaller
                    || ((Caller.AgentCaller) caller).agentId().equals(p.agentId()))) {
            return true;
        }
        return isPayee(caller, p);
    }

    private boolean isPayee(Caller caller, Payment p) {
        if (p.toWalletId() == null) return false;
        Wallet payee = wallets.get(p.toWalletId());
        return caller.mayUse(payee);
    }

    /** Refund {@code amount} (all that is left when null) of a completed payment; the fee is retained. */
    public RefundOutcome refund(Caller caller, String paymentId, Long amount, String reason,
                                String idemKey, Fingerprint fingerprint) {
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            Instant now = clock.get();
            Payment p = get(paymentId);
            if (!visible(caller, p)) return new RefundOutcome.NotFound();
            boolean owner = caller instanceof Caller.OwnerCaller && caller.accountId().equals(p.accountId());
            if (!owner && !isPayee(caller, p)) return new RefundOutcome.NotAllowed();
            var key = LedgerIdempotency.key(caller.idempotencyOwner(), "refund", idemKey);
            var check = LedgerIdempotency.check(idempotency, key, fingerprint, now);
            if (check instanceof IdempotencyCheck.KeyReused) return new RefundOutcome.IdempotencyKeyReused();
            if (check instanceof IdempotencyCheck.Replay rp) return new RefundOutcome.Replayed(rp.response());
            if (!p.status().refundable()) return new RefundOutcome.NotRefundable(p.status());
            long refundable = p.amount() - p.refundedAmount();
            long r = amount == null ? refundable : amount;
            if (r > refundable || r <= 0) return new RefundOutcome.TooMuch(refundable);
            String refundId = newRefundId();
            Commit tx = Commit.in(table);
            Payment after = refundInto(tx, p, r, refundId, reason, now);
            if (key != null) {
                tx.idempotency(IdempotencyRecord.completed(key, fingerprint,
                        new StoredResponse(200, Json.write(PaymentViews.refunded(after, refundId, r))), now));
            }
            CommitOutcome res = tx.run(dynamo);
            if (res.committed()) return new RefundOutcome.Refunded(after, refundId, r);
            if (res instanceof CommitOutcome.ConditionFailed f && p.toWalletId() != null
                    && f.label().equals(LedgerItems.walletLabel(p.toWalletId()))) {
                return new RefundOutcome.PayeeInsufficientFunds();
            }
            // another refund or a conflict: read again
        }
        throw new IllegalStateException("refund of " + paymentId + " kept contending");
    }

    public static String newRefundId() {
        return "rfd_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    /**
     * Adds a refund of {@code r} (> 0) of a completed payment to {@code tx}: the payment's
     * {@code refunded_amount} (conditional, L6), the refund item, the posted transfer from the payee
     * back to the payer (the payee wallet under its no-overdraft condition) and
     * {@code payment.refunded}. The fee is retained. Shared by the refund endpoint and a dispute
     * resolved with a refund, so both move money the same way. Returns the payment after.
     */
    public Payment refundInto(Commit tx, Payment p, long r, String refundId, String reason, Instant now) {
        Payment after = p.refunded(r, now);
        Transfer t = Transfer.posted(refundId + ":refund", p.to(), p.from(), r,
                TransferKind.REFUND, p.id(), now);
        tx.item("payment", payments.refund(p, after));
        Map<String, AttributeValue> refundItem = new HashMap<>();
        refundItem.put(TableDefinition.PK, s(LedgerKeys.payment(p.id())));
        refundItem.put(TableDefinition.SK, s(LedgerKeys.refundSk(refundId)));
        refundItem.put("refund_id", s(refundId));
        refundItem.put("amount", n(r));
        refundItem.put("reason", s(reason));
        refundItem.put("created_at", s(Times.stored(now)));
        tx.item("refund", TransactWriteItem.builder().put(Put.builder().tableName(table).item(refundItem)
                .conditionExpression("attribute_not_exists(pk)").build()).build());
        movements.create(tx, List.of(t), refundId, now, reason);
        ObjectNode data = PaymentViews.payment(after);
        data.putObject("refund").put("refund_id", refundId).put("amount", Money.plain(r)).put("reason", reason)
                .put("fee_retained", Money.plain(p.fee()));
        tx.item("event", outbox.put(EventType.PAYMENT_REFUNDED, p.accountId(), data, now));
        return after;
    }

    public Payment get(String paymentId) {
        if (paymentId == null || paymentId.length() > 100) return null;
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(LedgerKeys.payment(paymentId), LedgerKeys.PAYMENT_SK))).item();
        return item == null || item.isEmpty() ? null : Payment.fromItem(item);
    }

}
