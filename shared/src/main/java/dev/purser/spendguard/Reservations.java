package dev.purser.spendguard;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.budget.BudgetWrites;
import dev.purser.budget.MoneyDelta;
import dev.purser.commit.Commit;
import dev.purser.commit.CommitOutcome;
import dev.purser.events.EventType;
import dev.purser.idempotency.Fingerprint;
import dev.purser.idempotency.IdempotencyCheck;
import dev.purser.idempotency.IdempotencyKey;
import dev.purser.idempotency.IdempotencyRecord;
import dev.purser.idempotency.IdempotencyStore;
import dev.purser.idempotency.StoredResponse;
import dev.purser.json.Json;
import dev.purser.leases.BudgetLease;
import dev.purser.money.Money;
import dev.purser.policy.AccountRule;
import dev.purser.policy.AccountRules;
import dev.purser.policy.PolicyNarrowing;
import dev.purser.requests.AgentContext;
import dev.purser.requests.AgentDenial;
import dev.purser.requests.DecisionReader;
import dev.purser.requests.RequestViews;
import dev.purser.retry.Retry;
import dev.purser.store.DueIndex;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import dev.purser.time.Windows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Reservations: a hold taken before an agent action, with no human in the loop. Create decides
 * with the engine on fresh figures and commits the hold ONLY when the policy allows it outright;
 * {@code deny} and {@code approval_required} are refused with the reasons (nothing written; an
 * action that needs a human asks with a purchase request instead). Capture, release and expiry
 * are each ONE conditional {@link Commit} from {@code held}, so however many callers race, one
 * transition wins and the hold is converted or released exactly once.
 */
public final class Reservations {
    public static final int MAX_ATTEMPTS = 16;
    public static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(15);
    public static final Duration MAX_EXPIRY = Duration.ofDays(7);
    static final String CREATE = "POST /v1/spend-guard/reservations";

    private final DynamoDbClient dynamo;
    private final String table;
    private final DecisionReader reader;
    private final AgentResolver agents;
    private final ReservationStore store;
    private final BudgetWrites budget;
    private final IdempotencyStore idempotency;
    private final Clock clock;
    private final PolicyEvaluation engine = new PolicyEvaluation();
    private final BudgetLeases leases;

    public Reservations(DynamoDbClient dynamo, String table, DecisionReader reader, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.reader = reader;
        this.agents = new AgentResolver(reader);
        this.store = new ReservationStore(dynamo, table);
        this.budget = new BudgetWrites(table);
        this.idempotency = new IdempotencyStore(dynamo, table);
        this.clock = clock;
        this.leases = new BudgetLeases(dynamo, table, reader, clock);
    }

    public ReservationStore store() {
        return store;
    }

    /** A validated create body. */
    public record NewReservation(Attempt attempt, Duration expiresIn) {}

    public ReservationResult create(Principal p, NewReservation in, JsonNode rawBody, String idempotencyKey) {
        Fingerprint fingerprint = Fingerprint.of(CREATE, rawBody);
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            Instant now = now();
            Resolved resolved = agents.resolve(p, in.attempt().agentId(), now);
            if (!(resolved instanceof Resolved.Found found)) return new ReservationResult.Refused(resolved);
            AgentContext ctx = found.context();
            IdempotencyKey idem = idemKey(p, ctx.agent().id(), ctx.account().id(), idempotencyKey);
            if (idem != null) {
                IdempotencyCheck check = IdempotencyStore.check(idempotency.find(idem), fingerprint, now);
                if (check instanceof IdempotencyCheck.KeyReused) return new ReservationResult.KeyReused();
                if (check instanceof IdempotencyCheck.Replay replay) return new ReservationResult.Replayed(replay.response());
            }
            String currency = ctx.account().currency();
            if (in.attempt().currency() != null && !in.attempt().currency().equals(currency)) {
                return new ReservationResult.CurrencyMismatch(currency);
            }
            // A leased child spends from its lease: decided on its own policy ∩ the lease's ceiling, and
            // drawn from the lease in this same transaction (docs/spend-guard.md, "Budget leases").
            Optional<BudgetLease> lease = leases.store().activeOf(ctx.agent().id());
            if (lease.isPresent() && !lease.get().usableAt(now)) {
                if (lease.get().active()) leases.expire(lease.get(), now);
                continue;
            }
            long amount = in.attempt().amountMinor();
            if (lease.isPresent() && lease.get().remaining() < amount) return new ReservationResult.ExceedsLease(lease.get());
            String policy = lease.isEmpty() ? ctx.agent().policyJson()
                    : Json.write(PolicyNarrowing.effective(BudgetLeases.policyOf(ctx.agent().policyJson()),
                            (ObjectNode) Json.parseTrusted(lease.get().ceiling())));
            Authorization auth = engine.evaluate(ctx, in.attempt(), now, policy);
            if (auth.verdict() != Verdict.ALLOW) return new ReservationResult.NotAllowed(auth);

            Windows windows = Windows.of(now, ctx.account().zone());
            var ruleIds = lease.isPresent() ? java.util.List.<String>of()
                    : AccountRules.temporalActiveAt(ctx.account().rules(), now).stream().map(AccountRule::id).sorted().toList();
            Reservation r = new Reservation(Reservation.ID_PREFIX + UUID.randomUUID().toString().replace("-", ""),
                    ctx.agent().id(), ctx.account().id(), ReservationStatus.HELD, amount, null, currency,
                    auth.category().category(), in.attempt().merchant(),
                    Json.write(RequestViews.policyCheck(auth.decision())), now, now.plus(in.expiresIn()), null, windows, ruleIds,
                    lease.map(BudgetLease::id).orElse(null));
            ObjectNode body = r.view();
            Commit commit = Commit.in(table)
                    .putNew("reservation", r.toItem())
                    .update("agent", budget.agentSpend(r.agentId(), MoneyDelta.hold(amount), 0, false));
            budget.guarded(commit, r.hold(), auth.decision().guards(), MoneyDelta.hold(amount), now, lease.isEmpty());
            if (lease.isPresent()) leases.funding().draw(commit, leases.store().chain(lease.get()), amount, false, now);
            if (p.isAgent()) commit.conditionCheck("token", tokenActive(p.agentTokenHash()));
            if (idem != null) commit.idempotency(IdempotencyRecord.completed(idem, fingerprint, new StoredResponse(201, Json.write(body)), now));
            commit.event(EventType.RESERVATION_CREATED, r.accountId(), body, now);
            CommitOutcome outcome = commit.run(dynamo);
            if (outcome.committed()) return new ReservationResult.Done(201, body);
        }
        return new ReservationResult.Contended();
    }

    /** The most reservations one summary reads; a larger range answers {@code truncated: true}. */
    public static final int SUMMARY_MAX = 10_000;

    /**
     * Reserved, captured, released and still-held amounts and counts per status, in total and per
     * day (the account's calendar day of each reservation's creation), for reservations created in
     * {@code [from, to)}.
     */
    public ObjectNode summary(String accountId, String agentId, Instant from, Instant to) {
        ObjectNode o = Json.object();
        o.put("from", from == null ? null : Times.wire(from));
        o.put("to", to == null ? null : Times.wire(to));
        o.put("agent", agentId);
        Totals all = new Totals();
        java.util.TreeMap<String, Totals> byDay = new java.util.TreeMap<>();
        Map<String, AttributeValue> cursor = null;
        int read = 0;
        String currency = null;
        do {
            ReservationStore.Page page = store.list(accountId, agentId, null, from, to, 100, cursor);
            for (Reservation r : page.reservations()) {
                currency = r.currency();
                all.add(r);
                byDay.computeIfAbsent(r.windows().day(), d -> new Totals()).add(r);
                read++;
            }
            cursor = page.next();
        } while (cursor != null && read < SUMMARY_MAX);
        o.put("currency", currency);
        o.put("truncated", cursor != null);
        o.set("totals", all.view());
        var days = o.putArray("periods");
        byDay.forEach((day, t) -> days.add(t.view().put("period", day)));
        return o;
    }

    private static final class Totals {
        final Map<ReservationStatus, Long> counts = new java.util.EnumMap<>(ReservationStatus.class);
        long reserved;
        long captured;
        long released;
        long held;

        void add(Reservation r) {
            counts.merge(r.status(), 1L, Long::sum);
            reserved += r.amount();
            if (r.status() == ReservationStatus.CAPTURED) captured += r.captured();
            if (r.status() == ReservationStatus.HELD) held += r.amount();
            released += r.released();
        }

        ObjectNode view() {
            ObjectNode o = Json.object();
            ObjectNode c = o.putObject("reservations");
            long total = 0;
            for (ReservationStatus s : ReservationStatus.values()) {
                long n = counts.getOrDefault(s, 0L);
                c.put(s.wire(), n);
                total += n;
            }
            c.put("total", total);
            o.put("reserved", Money.plain(reserved));
            o.put("captured", Money.plain(captured));
            o.put("released", Money.plain(released));
            o.put("held", Money.plain(held));
            return o;
        }
    }

    /** An agent token's agent and account. */
    public record TokenOwner(String agentId, String accountId) {}

    /** Whom an agent token speaks for; empty for an unknown or revoked token. */
    public Optional<TokenOwner> tokenOwner(String tokenHash) {
        AgentContext ctx = reader.read(tokenHash, now(), false, null);
        return ctx.tokenActive() ? Optional.of(new TokenOwner(ctx.agent().id(), ctx.account().id())) : Optional.empty();
    }

    /** Capture {@code amount ≤ reserved}; the rest is released in the same transaction. */
    public ReservationResult capture(Principal p, String id, long amount, JsonNode rawBody, String idempotencyKey) {
        return transition(p, id, ReservationStatus.CAPTURED, amount, rawBody, idempotencyKey);
    }

    public ReservationResult release(Principal p, String id, JsonNode rawBody, String idempotencyKey) {
        return transition(p, id, ReservationStatus.RELEASED, 0, rawBody, idempotencyKey);
    }

    private ReservationResult transition(Principal p, String id, ReservationStatus to, long amount, JsonNode rawBody,
                                         String idempotencyKey) {
        Instant first = now();
        String callerAgent = null;
        if (p.isAgent()) {
            AgentContext ctx = reader.read(p.agentTokenHash(), first, false, null);
            Optional<AgentDenial> denial = AgentDenial.of(ctx);
            if (denial.isPresent() && denial.get() == AgentDenial.INVALID_TOKEN) {
                return new ReservationResult.Refused(new Resolved.Denied(denial.get()));
            }
            callerAgent = ctx.agent().id();
        }
        Fingerprint fingerprint = Fingerprint.of("POST /v1/spend-guard/reservations/" + id + "/" + to.wire(), rawBody);
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            Instant now = now();
            Optional<Reservation> found = store.get(id);
            if (found.isEmpty() || !owns(p, callerAgent, found.get())) return new ReservationResult.NotFound();
            Reservation r = found.get();
            IdempotencyKey idem = idemKey(p, r.agentId(), r.accountId(), idempotencyKey);
            if (idem != null) {
                IdempotencyCheck check = IdempotencyStore.check(idempotency.find(idem), fingerprint, now);
                if (check instanceof IdempotencyCheck.KeyReused) return new ReservationResult.KeyReused();
                if (check instanceof IdempotencyCheck.Replay replay) return new ReservationResult.Replayed(replay.response());
            }
            if (r.status() != ReservationStatus.HELD) return new ReservationResult.NotHeld(r);
            if (!now.isBefore(r.expiresAt())) {
                // Past its expiry but not swept yet: expire it now (exactly once, like the sweep would).
                expire(r, now);
                continue;
            }
            if (to == ReservationStatus.CAPTURED && amount > r.amount()) return new ReservationResult.ExceedsReserved(r);
            CommitOutcome outcome = commitTransition(r, to, amount, now, idem, fingerprint);
            if (outcome.committed()) return new ReservationResult.Done(200, resolved(r, to, amount, now).view());
        }
        return new ReservationResult.Contended();
    }

    /** Expires a held reservation past its expiry; false when something else resolved it first. */
    public boolean expire(Reservation r, Instant now) {
        if (r.status() != ReservationStatus.HELD || now.isBefore(r.expiresAt())) return false;
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            CommitOutcome o = commitTransition(r, ReservationStatus.EXPIRED, 0, now, null, null);
            if (o.committed()) return true;
            // The reservation's own condition: someone else resolved it. A lease's condition only
            // means its lease was closed meanwhile: decide again on the fresh lease.
            if (o instanceof CommitOutcome.ConditionFailed f && (f.label() == null || !f.label().startsWith("lease"))) return false;
        }
        return false;
    }

    /** The sweep: expires every held reservation due at {@code now}, up to {@code max}. */
    public int sweep(Instant now, int max) {
        return DueIndex.drain(max, n -> store.due(now, n), r -> expire(r, now));
    }

    private CommitOutcome commitTransition(Reservation r, ReservationStatus to, long amount, Instant now,
                                           IdempotencyKey idem, Fingerprint fingerprint) {
        Reservation after = resolved(r, to, amount, now);
        MoneyDelta delta = to == ReservationStatus.CAPTURED ? new MoneyDelta(amount, -r.amount()) : MoneyDelta.release(r.amount());
        Commit commit = Commit.in(table).update("reservation", resolveUpdate(r, to, amount, now));
        budget.everywhere(commit, r.hold(), delta, true, r.leaseId() == null, "");
        if (r.leaseId() != null) {
            // The lease's hold of r.amount() resolves into the captured amount (0 for release/expiry).
            BudgetLease lease = leases.store().get(r.leaseId()).orElseThrow(() -> new IllegalStateException("missing lease " + r.leaseId()));
            leases.funding().resolve(commit, leases.store().chain(lease), 0, r.amount(), to == ReservationStatus.CAPTURED ? amount : 0);
        }
        ObjectNode view = after.view();
        if (idem != null) commit.idempotency(IdempotencyRecord.completed(idem, fingerprint, new StoredResponse(200, Json.write(view)), now));
        EventType type = switch (to) {
            case CAPTURED -> EventType.RESERVATION_CAPTURED;
            case RELEASED -> EventType.RESERVATION_RELEASED;
            default -> EventType.RESERVATION_EXPIRED;
        };
        commit.event(type, r.accountId(), view, now);
        return commit.run(dynamo);
    }

    private static Reservation resolved(Reservation r, ReservationStatus to, long amount, Instant now) {
        return new Reservation(r.id(), r.agentId(), r.accountId(), to, r.amount(),
                to == ReservationStatus.CAPTURED ? amount : null, r.currency(), r.category(), r.merchant(), r.policyCheck(),
                r.createdAt(), r.expiresAt(), now, r.windows(), r.ruleIds(), r.leaseId());
    }

    /**
     * From {@code held} only. Capture and release also require the expiry not to have passed
     * (compared in the stored time format, which sorts in time order); expiry requires it to have.
     */
    private Update resolveUpdate(Reservation r, ReservationStatus to, long amount, Instant now) {
        String set = "SET #st = :to, resolved_at = :now" + (to == ReservationStatus.CAPTURED ? ", captured = :c" : "");
        String timeCond = to == ReservationStatus.EXPIRED ? "expires_at <= :nowS" : "expires_at > :nowS";
        var values = new java.util.HashMap<String, AttributeValue>(Map.of(":to", s(to.wire()), ":held", s("held"),
                ":now", s(Times.stored(now)), ":nowS", s(Times.stored(now))));
        if (to == ReservationStatus.CAPTURED) values.put(":c", AttributeValue.fromN(Long.toString(amount)));
        return Update.builder().tableName(table).key(key(Reservation.pk(r.id()), Reservation.SK))
                .updateExpression(set + " REMOVE " + TableDefinition.DUE_PK + ", " + TableDefinition.DUE_AT)
                .conditionExpression("#st = :held AND " + timeCond)
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(values)
                .build();
    }

    private ConditionCheck tokenActive(String tokenHash) {
        return ConditionCheck.builder().tableName(table).key(key(Keys.token(tokenHash), Keys.TOKEN_SK))
                .conditionExpression("active = :true")
                .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true)))
                .build();
    }

    private static boolean owns(Principal p, String callerAgent, Reservation r) {
        return p.isAgent() ? r.agentId().equals(callerAgent) : r.accountId().equals(p.ownerAccountId());
    }

    private static IdempotencyKey idemKey(Principal p, String agentId, String accountId, String key) {
        if (key == null) return null;
        return p.isAgent() ? IdempotencyKey.forAgent(agentId, key) : IdempotencyKey.forAccount(accountId, key);
    }


    private Instant now() {
        return Times.micros(clock.instant());
    }
}
