package dev.purser.disputes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.commit.Commit;
import dev.purser.commit.CommitOutcome;
import dev.purser.retry.Contended;
import dev.purser.events.EventType;
import dev.purser.idempotency.Fingerprint;
import dev.purser.idempotency.IdempotencyCheck;
import dev.purser.idempotency.IdempotencyRecord;
import dev.purser.idempotency.IdempotencyStore;
import dev.purser.idempotency.StoredResponse;
import dev.purser.json.Json;
import dev.purser.ledger.store.LedgerIdempotency;
import dev.purser.ledger.store.LedgerItems;
import dev.purser.payments.Payment;
import dev.purser.payments.PaymentService;
import dev.purser.retry.Retry;
import dev.purser.services.ServiceStats;
import dev.purser.time.Times;
import dev.purser.wallets.Caller;
import dev.purser.wallets.Wallet;
import dev.purser.wallets.WalletStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Disputes about completed payments (issue 13 B.6, docs/disputes.md). A party opens one; either
 * party adds evidence; the opener may withdraw it before review; the deployment's operator reviews
 * and resolves it, a refund moving what is left of the payment's principal back to the payer
 * through the payments refund path (fee retained).
 *
 * <p>Every change is ONE {@link Commit}: the dispute (conditional on the status it starts from),
 * the payment's open-dispute lock, the service's counters, the idempotency record, the refund's
 * ledger items and the outbox events (one per party account). A lost race re-reads and decides
 * again, bounded, so each transition — and each refund — happens exactly once.
 */
public final class Disputes {
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    public static final String WINDOW_DAYS_ENV = "PURSER_DISPUTE_WINDOW_DAYS";
    public static final int MAX_EVIDENCE = 50;
    static final String PAYER = "payer";
    static final String PAYEE = "payee";
    private static final int ATTEMPTS = 25;

    private final DynamoDbClient dynamo;
    private final DisputeStore store;
    private final PaymentService payments;
    private final WalletStore wallets;
    private final IdempotencyStore idempotency;
    private final Duration window;
    private final Clock clock;

    public Disputes(DynamoDbClient dynamo, String table, PaymentService payments, Duration window, Clock clock) {
        this.dynamo = dynamo;
        this.store = new DisputeStore(dynamo, table);
        this.payments = payments;
        this.wallets = new WalletStore(dynamo, table);
        this.idempotency = new IdempotencyStore(dynamo, table);
        this.window = window;
        this.clock = clock;
    }

    /** {@code PURSER_DISPUTE_WINDOW_DAYS} (a positive integer), else 30 days. */
    public static Duration windowFrom(String days) {
        if (days == null || days.isBlank()) return DEFAULT_WINDOW;
        long d = Long.parseLong(days.strip());
        if (d < 1 || d > 3650) throw new IllegalArgumentException(WINDOW_DAYS_ENV + " must be 1..3650, not " + days);
        return Duration.ofDays(d);
    }

    private Instant now() {
        return Times.micros(clock.instant());
    }

    static String newId() {
        return Dispute.ID_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    // --- parties ---

    /** The side the caller is on for this payment ({@link #PAYER}, {@link #PAYEE}) or null for anyone else. */
    private String side(Caller caller, Payment p, Wallet payeeWallet) {
        if (p.accountId().equals(caller.accountId())
                && (caller instanceof Caller.OwnerCaller || ((Caller.AgentCaller) caller).agentId().equals(p.agentId()))) {
            return PAYER;
        }
        return payeeWallet != null && caller.mayUse(payeeWallet) ? PAYEE : null;
    }

    /** The side the caller is on for this dispute, or null when it is not a party. */
    static String side(Caller caller, Dispute d) {
        if (isOn(caller, d.payer())) return PAYER;
        return d.payee() != null && isOn(caller, d.payee()) ? PAYEE : null;
    }

    private static boolean isOn(Caller caller, Party party) {
        if (!party.accountId().equals(caller.accountId())) return false;
        return caller instanceof Caller.OwnerCaller || ((Caller.AgentCaller) caller).agentId().equals(party.agentId());
    }

    private static Party who(Caller caller) {
        return new Party(caller.accountId(), caller instanceof Caller.AgentCaller a ? a.agentId() : null);
    }

    /** The opener, or the owner of the opener's account. */
    private static boolean isOpener(Caller caller, Dispute d) {
        if (!d.openedBy().accountId().equals(caller.accountId())) return false;
        return caller instanceof Caller.OwnerCaller || ((Caller.AgentCaller) caller).agentId().equals(d.openedBy().agentId());
    }

    // --- party calls ---

    public DisputeResult open(Caller caller, String paymentId, String reason, String description, String idemKey,
                              Fingerprint fingerprint) {
        var key = LedgerIdempotency.key(caller.idempotencyOwner(), "dispute", idemKey);
        for (int attempt : Retry.attempts(ATTEMPTS)) {
            Instant now = now();
            IdempotencyCheck check = LedgerIdempotency.check(idempotency, key, fingerprint, now);
            if (check instanceof IdempotencyCheck.KeyReused) return new DisputeResult.IdempotencyKeyReused();
            if (check instanceof IdempotencyCheck.Replay r) return new DisputeResult.Replayed(r.response());
            DisputeStore.DisputedPayment dp = store.payment(paymentId);
            if (dp == null) return new DisputeResult.NotFound("payment");
            Payment p = dp.payment();
            Wallet payeeWallet = p.toWalletId() == null ? null : wallets.get(p.toWalletId());
            String side = side(caller, p, payeeWallet);
            if (side == null) return new DisputeResult.NotFound("payment");
            if (!p.status().refundable()) return new DisputeResult.NotDisputable(p.status());
            Instant base = p.completedAt() != null ? p.completedAt() : p.createdAt();
            Instant closes = base.plus(window);
            if (now.isAfter(closes)) return new DisputeResult.WindowClosed(closes);
            Party payee = payeeWallet == null ? null : new Party(payeeWallet.accountId(), payeeWallet.agentId());
            Dispute d = new Dispute(newId(), p.id(), DisputeStatus.OPEN, reason, description,
                    new Party(p.accountId(), p.agentId()), payee, p.toWalletId(), who(caller), side, dp.serviceId(),
                    p.amount(), p.fee(), p.currency(), 0, null, null, 0, now, now, null, null);
            Commit tx = Commit.in(store.table())
                    .put("dispute", store.put(d))
                    .put("lock", store.lock(p.id(), d.id(), now));
            if (d.serviceId() != null) {
                tx.item("service-stats", ServiceStats.increment(store.table(), d.serviceId(), ServiceStats.DISPUTED));
            }
            if (key != null) {
                tx.idempotency(IdempotencyRecord.completed(key, fingerprint, new StoredResponse(201, Json.write(d.view())), now));
            }
            events(tx, EventType.DISPUTE_OPENED, d, d.view(), now);
            CommitOutcome r = tx.run(dynamo);
            if (r.committed()) return new DisputeResult.Opened(d);
            if (r instanceof CommitOutcome.ConditionFailed f && "lock".equals(f.label())) {
                var holder = f.current().get("dispute_id");
                return new DisputeResult.Duplicate(holder == null ? null : holder.s());
            }
            // The idempotency record appeared (a racing retry: replay it next round) or a conflict.
        }
        throw new Contended("opening a dispute on " + paymentId + " kept contending; retry");
    }

    public DisputeResult get(Caller caller, String id) {
        DisputeStore.WithEvidence found = store.getWithEvidence(id);
        if (found == null || side(caller, found.dispute()) == null) return new DisputeResult.NotFound("dispute");
        return new DisputeResult.Found(found.dispute(), found.evidence());
    }

    /** The caller's disputes: an owner sees its account's (either side), an agent those it is a party to. */
    public DisputeResult list(Caller caller, DisputeStatus status, int limit, String cursor) {
        String agent = caller instanceof Caller.AgentCaller a ? a.agentId() : null;
        return new DisputeResult.Listed(store.forAccount(caller.accountId(), agent, status, limit, cursor));
    }

    public DisputeResult addEvidence(Caller caller, String id, String type, String content) {
        for (int attempt : Retry.attempts(ATTEMPTS)) {
            Instant now = now();
            Dispute d = store.get(id);
            String side = d == null ? null : side(caller, d);
            if (side == null) return new DisputeResult.NotFound("dispute");
            if (!d.status().active()) return new DisputeResult.WrongStatus(d.status(), "add evidence to");
            if (d.evidenceCount() >= MAX_EVIDENCE) return new DisputeResult.EvidenceLimit(MAX_EVIDENCE);
            Evidence e = new Evidence("evd_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24), type, content,
                    side, who(caller), now);
            Dispute after = d.withEvidence(now);
            ObjectNode data = after.view();
            ObjectNode ev = e.view();
            ev.remove("content"); // events carry what was added, not the (possibly large) content
            data.set("evidence", ev);
            Commit tx = Commit.in(store.table())
                    .update("dispute", store.countEvidence(id, MAX_EVIDENCE, now))
                    .put("evidence", store.putEvidence(id, d.evidenceCount() + 1, e));
            events(tx, EventType.DISPUTE_EVIDENCE_ADDED, after, data, now);
            CommitOutcome r = tx.run(dynamo);
            if (r.committed()) return new DisputeResult.EvidenceAdded(after, e);
            // the status or the count moved: read again and decide
        }
        throw new Contended("adding evidence to " + id + " kept contending; retry");
    }

    public DisputeResult withdraw(Caller caller, String id) {
        for (int attempt : Retry.attempts(ATTEMPTS)) {
            Instant now = now();
            Dispute d = store.get(id);
            if (d == null || side(caller, d) == null) return new DisputeResult.NotFound("dispute");
            if (!isOpener(caller, d)) return new DisputeResult.NotAllowed("Only the party that opened the dispute can withdraw it");
            if (d.status() != DisputeStatus.OPEN) return new DisputeResult.WrongStatus(d.status(), "withdraw");
            Dispute after = d.moved(DisputeStatus.WITHDRAWN, now);
            Commit tx = Commit.in(store.table())
                    .update("dispute", store.transition(DisputeStatus.OPEN, after))
                    .update("lock", store.unlock(d.paymentId(), d.id(), now));
            events(tx, EventType.DISPUTE_WITHDRAWN, after, after.view(), now);
            CommitOutcome r = tx.run(dynamo);
            if (r.committed()) return new DisputeResult.Moved(after);
        }
        throw new Contended("withdrawing " + id + " kept contending; retry");
    }

    // --- operator calls ---

    public DisputeResult operatorGet(String id) {
        DisputeStore.WithEvidence found = store.getWithEvidence(id);
        return found == null ? new DisputeResult.NotFound("dispute") : new DisputeResult.Found(found.dispute(), found.evidence());
    }

    public DisputeResult operatorList(DisputeStatus status, int limit, String cursor) {
        return new DisputeResult.Listed(store.all(status, limit, cursor));
    }

    public DisputeResult review(String id) {
        for (int attempt : Retry.attempts(ATTEMPTS)) {
            Instant now = now();
            Dispute d = store.get(id);
            if (d == null) return new DisputeResult.NotFound("dispute");
            if (d.status() != DisputeStatus.OPEN) return new DisputeResult.WrongStatus(d.status(), "review");
            Dispute after = d.moved(DisputeStatus.UNDER_REVIEW, now);
            Commit tx = Commit.in(store.table()).update("dispute", store.transition(DisputeStatus.OPEN, after));
            events(tx, EventType.DISPUTE_UNDER_REVIEW, after, after.view(), now);
            if (tx.run(dynamo).committed()) return new DisputeResult.Moved(after);
        }
        throw new Contended("reviewing " + id + " kept contending; retry");
    }

    /**
     * Resolves a dispute under review. {@code refund}: what is left of the payment's principal
     * ({@code amount − refunded_amount}; 0 if the payee refunded it all meanwhile) moves back to the
     * payer in the same transaction, through {@link PaymentService#refundInto} (fee retained, L6
     * as its condition); the dispute's status condition makes it happen once however many
     * operators race.
     */
    public DisputeResult resolve(String id, boolean refund, String note) {
        for (int attempt : Retry.attempts(ATTEMPTS)) {
            Instant now = now();
            Dispute d = store.get(id);
            if (d == null) return new DisputeResult.NotFound("dispute");
            if (d.status() != DisputeStatus.UNDER_REVIEW) return new DisputeResult.WrongStatus(d.status(), "resolve");
            Commit tx = Commit.in(store.table());
            Dispute after;
            if (refund) {
                DisputeStore.DisputedPayment dp = store.payment(d.paymentId());
                Payment p = dp.payment();
                long left = p.status().refundable() ? p.amount() - p.refundedAmount() : 0;
                String refundId = null;
                if (left > 0) {
                    refundId = PaymentService.newRefundId();
                    payments.refundInto(tx, p, left, refundId, "dispute:" + d.id(), now);
                }
                after = d.resolved(DisputeStatus.RESOLVED_REFUNDED, note, refundId, left, now);
                if (d.serviceId() != null) {
                    tx.item("service-stats", ServiceStats.increment(store.table(), d.serviceId(), ServiceStats.REFUNDED_DISPUTES));
                }
            } else {
                after = d.resolved(DisputeStatus.RESOLVED_DENIED, note, null, 0, now);
            }
            tx.update("dispute", store.transition(DisputeStatus.UNDER_REVIEW, after))
                    .update("lock", store.unlock(d.paymentId(), d.id(), now));
            events(tx, EventType.DISPUTE_RESOLVED, after, after.view(), now);
            CommitOutcome r = tx.run(dynamo);
            if (r.committed()) return new DisputeResult.Moved(after);
            if (r instanceof CommitOutcome.ConditionFailed f && d.payeeWalletId() != null
                    && f.label().equals(LedgerItems.walletLabel(d.payeeWalletId()))) {
                return new DisputeResult.PayeeInsufficientFunds();
            }
            // Another resolver, a racing refund of the payment, or a conflict: read again and decide.
        }
        throw new Contended("resolving " + id + " kept contending; retry");
    }

    /** The event to each account that is a party (the payer's, and the payee's when another account). */
    private static void events(Commit tx, EventType type, Dispute d, ObjectNode data, Instant now) {
        tx.event(type, d.payer().accountId(), data, now);
        if (d.payee() != null && !d.payee().accountId().equals(d.payer().accountId())) {
            tx.event(type, d.payee().accountId(), data, now);
        }
    }
}
