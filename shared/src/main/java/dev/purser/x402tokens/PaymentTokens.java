package dev.purser.x402tokens;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.commit.Commit;
import dev.purser.commit.CommitOutcome;
import dev.purser.events.EventType;
import dev.purser.events.Outbox;
import dev.purser.idempotency.Fingerprint;
import dev.purser.idempotency.IdempotencyCheck;
import dev.purser.idempotency.IdempotencyKey;
import dev.purser.idempotency.IdempotencyRecord;
import dev.purser.idempotency.IdempotencyStore;
import dev.purser.idempotency.StoredResponse;
import dev.purser.json.Json;
import dev.purser.ledger.Transfer;
import dev.purser.ledger.TransferKind;
import dev.purser.ledger.store.LedgerIdempotency;
import dev.purser.ledger.store.LedgerItems;
import dev.purser.ledger.store.Movements;
import dev.purser.money.Money;
import dev.purser.payments.NewPayment;
import dev.purser.payments.Payment;
import dev.purser.payments.PaymentOutcome;
import dev.purser.payments.PaymentService;
import dev.purser.payments.PaymentStatus;
import dev.purser.payments.PaymentViews;
import dev.purser.requests.RequestWrites;
import dev.purser.retry.Retry;
import dev.purser.services.Service;
import dev.purser.services.ServiceStore;
import dev.purser.store.Keys;
import dev.purser.time.Times;
import dev.purser.wallets.Wallet;
import dev.purser.wallets.WalletStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * x402 payment tokens: a consumer agent authorizes one call of a marketplace service (a payment
 * held as pending ledger transfers, policy-checked like any payment, plus a signed token); the
 * provider verifies (redeems once), reports the call's start, acceptance and completion
 * (completion posts the transfers); the consumer may cancel an unredeemed token; the scan
 * ({@link TokenScan}) releases expired tokens and refunds calls past their SLA window.
 *
 * <p>Every transition is ONE commit conditional on the token's current state, with the payment's
 * state (conditional on {@code authorized}), the ledger resolution (conditional on the transfers
 * being pending), the trust counter, the idempotency record and the events — so racing callers
 * (100 verifies, a completion against the scan) end in exactly one outcome.
 */
public final class PaymentTokens {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    /** SLA window of a service that declared none: a started call still ends (refunded) some day. */
    public static final Duration DEFAULT_SLA = Duration.ofHours(1);
    public static final String NETWORK = "purser-ledger";
    private static final int MAX_ATTEMPTS = 20;

    /** The provider's lifecycle reports and the consumer's cancel. */
    public enum Step {
        CALL_STARTED, CALL_ACCEPTED, CALL_COMPLETED, CANCEL;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** What the scan did with one due token. */
    public enum Swept { EXPIRED, BREACHED, NOTHING }

    private final DynamoDbClient dynamo;
    private final String table;
    private final ServiceStore services;
    private final PaymentService payments;
    private final SigningKeys keys;
    private final TokenItems items;
    private final WalletStore wallets;
    private final Movements movements;
    private final Outbox outbox;
    private final IdempotencyStore idempotency;
    private final RequestWrites requests;
    private final Supplier<Instant> clock;
    private final Duration ttl;
    private final Duration defaultSla;

    public PaymentTokens(DynamoDbClient dynamo, String table, PaymentService payments, SigningKeys keys,
                         Supplier<Instant> clock, Duration ttl, Duration defaultSla) {
        this.dynamo = dynamo;
        this.table = table;
        this.services = new ServiceStore(dynamo, table);
        this.payments = payments;
        this.keys = keys;
        this.items = new TokenItems(dynamo, table);
        this.wallets = new WalletStore(dynamo, table);
        this.movements = new Movements(new LedgerItems(table));
        this.outbox = new Outbox(table);
        this.idempotency = new IdempotencyStore(dynamo, table);
        this.requests = new RequestWrites(dynamo, table);
        this.clock = clock;
        this.ttl = ttl;
        this.defaultSla = defaultSla;
    }

    public static String newTokenId() {
        return PaymentToken.ID_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    // ---- authorize -------------------------------------------------------------------------

    /**
     * Holds the service's price (plus the internal rail's fee) from the consumer's wallet as a
     * payment to the provider's default wallet and signs a token for one call.
     *
     * @param maxAmount the consumer's ceiling for this call, or null
     */
    public TokenOutcome authorize(String tokenHash, String serviceId, String fromWalletId, Long maxAmount,
                                  String idemKey, Fingerprint fingerprint) {
        Optional<Service> found = services.get(serviceId);
        if (found.isEmpty()) return new TokenOutcome.NotFound("service_not_found", "Service not found");
        Service sv = found.get();
        if (maxAmount != null && sv.pricePerCall() > maxAmount) {
            return new TokenOutcome.Invalid("max_amount", "max_amount " + Money.plain(maxAmount)
                    + " is below the service's price_per_call " + Money.plain(sv.pricePerCall()));
        }
        String payTo = WalletStore.defaultId(sv.providerAgentId());
        Wallet providerWallet = wallets.get(payTo);
        if (providerWallet == null) {
            return new TokenOutcome.Conflict("PROVIDER_WALLET_MISSING", "The service's provider has no wallet to be paid into", null);
        }
        if (!providerWallet.currency().equals(sv.currency())) {
            return new TokenOutcome.Conflict("PROVIDER_WALLET_MISSING", "The provider's wallet is not in the service's currency "
                    + sv.currency(), null);
        }
        String tokenId = newTokenId();
        long slaMs = slaWindow(sv).toMillis();
        Map<String, String> signed = new HashMap<>(); // payment id → token (a retried attempt has a new payment id)
        PaymentService.Attachment attachment = new PaymentService.Attachment() {
            @Override public String serviceId() { return sv.id(); }

            @Override public String merchant() { return sv.name(); }

            @Override public void attach(Commit tx, Payment p, Instant now) {
                PaymentToken t = token(p);
                tx.item("token", items.put(t));
                event(tx, EventType.X402_TOKEN_AUTHORIZED, t, now);
            }

            @Override public ObjectNode response(Payment p) {
                PaymentToken t = token(p);
                ObjectNode o = t.view();
                o.put("token", signed.computeIfAbsent(p.id(), id -> sign(t)));
                o.put("total_debited", Money.plain(t.amount() + t.fee()));
                return o;
            }

            private PaymentToken token(Payment p) {
                return new PaymentToken(tokenId, p.id(), sv.id(), p.agentId(), p.accountId(), sv.providerAgentId(),
                        sv.providerAccountId(), p.fromWalletId(), payTo, p.amount(), p.fee(), p.currency(),
                        TokenStatus.AUTHORIZED, p.createdAt().plus(ttl), slaMs, null, p.createdAt(), null, null, null, null);
            }
        };
        NewPayment input = new NewPayment(fromWalletId, payTo, null, Money.toDecimal(sv.pricePerCall()), sv.pricePerCall(),
                sv.currency(), "internal", "x402 call of " + sv.name() + " (" + sv.id() + ")", sv.category(), null,
                idemKey, fingerprint);
        PaymentOutcome outcome = payments.create(tokenHash, null, input, attachment);
        if (outcome instanceof PaymentOutcome.Created c) return new TokenOutcome.Authorized(attachment.response(c.payment()));
        if (outcome instanceof PaymentOutcome.Replayed r) return new TokenOutcome.Replayed(r.response());
        return new TokenOutcome.PaymentRefused(outcome);
    }

    private Duration slaWindow(Service sv) {
        if (sv.maxLatencyMs() != null) return Duration.ofMillis(sv.maxLatencyMs());
        if (sv.completionWindowSeconds() != null) return Duration.ofSeconds(sv.completionWindowSeconds());
        return defaultSla;
    }

    private String sign(PaymentToken t) {
        ObjectNode claims = Json.object();
        claims.put("tid", t.id());
        claims.put("pid", t.paymentId());
        claims.put("sid", t.serviceId());
        claims.put("amt", Money.plain(t.amount()));
        claims.put("cur", t.currency());
        claims.put("pay_to", t.toWalletId());
        claims.put("iat", t.createdAt().getEpochSecond());
        claims.put("exp", t.expiresAt().getEpochSecond());
        return TokenSigner.sign(keys.current(t.createdAt()), claims);
    }

    // ---- verify ----------------------------------------------------------------------------

    /** The provider redeems a token, once: signature, expiry, reservation, and that it is the provider. */
    public TokenOutcome verify(String callerAgentId, String callerAccountId, String token) {
        if (!wellFormed(token)) return new TokenOutcome.Malformed("token must be an x402_tok_<claims>.<signature> string");
        Optional<JsonNode> claims = claims(token);
        if (claims.isEmpty()) {
            return new TokenOutcome.BadSignature("The token's signature does not verify under any published key (GET /v1/x402/keys)");
        }
        String tokenId = claims.get().path("tid").asText(null);
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            Instant at = Times.micros(clock.get());
            Optional<PaymentToken> read = items.get(tokenId);
            if (read.isEmpty()) return new TokenOutcome.NotFound("token_not_found", "Token not found");
            PaymentToken t = read.get();
            if (!t.providerAgentId().equals(callerAgentId) || !t.providerAccountId().equals(callerAccountId)) {
                return new TokenOutcome.Forbidden("NOT_SERVICE_PROVIDER", "Only the service's provider agent can verify its tokens");
            }
            if (t.status() != TokenStatus.AUTHORIZED) return notUnused(t, at);
            if (!at.isBefore(t.expiresAt())) return expired(t);
            Optional<Service> sv = services.get(t.serviceId());
            Commit tx = Commit.in(table);
            tx.item("token", items.transition(t.id(), List.of(TokenStatus.AUTHORIZED), TokenStatus.REDEEMED, at,
                    Map.of("redeemed_at", s(Times.stored(at))), t.expiresAt(), "expires_at > :at",
                    Map.of(":at", s(Times.stored(at)))));
            PaymentToken after = with(t, TokenStatus.REDEEMED, at);
            event(tx, EventType.X402_TOKEN_REDEEMED, after, at);
            CommitOutcome r = tx.run(dynamo);
            if (r.committed()) return new TokenOutcome.Verified(after, sv.orElse(null));
            // someone else redeemed, cancelled or expired it: read and answer
        }
        return new TokenOutcome.Busy();
    }

    private static TokenOutcome notUnused(PaymentToken t, Instant now) {
        return switch (t.status()) {
            case EXPIRED -> expired(t);
            case CANCELLED -> new TokenOutcome.Conflict("TOKEN_CANCELLED", "The token was cancelled by the consumer", t.status());
            default -> new TokenOutcome.Conflict("TOKEN_ALREADY_USED", "The token was already redeemed", t.status());
        };
    }

    private static TokenOutcome expired(PaymentToken t) {
        return new TokenOutcome.Conflict("TOKEN_EXPIRED", "The token expired at " + Times.wire(t.expiresAt())
                + "; ask the consumer to authorize a fresh one", t.status());
    }

    // ---- lifecycle -------------------------------------------------------------------------

    public TokenOutcome get(String callerAgentId, String callerAccountId, String tokenId) {
        Optional<PaymentToken> t = items.get(tokenId).filter(x -> visible(x, callerAgentId, callerAccountId));
        return t.<TokenOutcome>map(TokenOutcome.Done::new)
                .orElseGet(() -> new TokenOutcome.NotFound("token_not_found", "Token not found"));
    }

    private static boolean visible(PaymentToken t, String agentId, String accountId) {
        return (agentId.equals(t.consumerAgentId()) && accountId.equals(t.consumerAccountId()))
                || (agentId.equals(t.providerAgentId()) && accountId.equals(t.providerAccountId()));
    }

    /** A provider's report (started, accepted, completed) or the consumer's cancel. */
    public TokenOutcome advance(String callerAgentId, String callerAccountId, String tokenId, Step step, String idemKey,
                                Fingerprint fingerprint) {
        return advance(callerAgentId, callerAccountId, tokenId, step, idemKey, fingerprint, null);
    }

    /**
     * What a settlement posts of the held transfers (the x402 {@code upto} scheme): {@code amount} of
     * the principal and {@code fee} of the fee, each at most what is held; the rest is released.
     */
    public record Capture(long amount, long fee) {}

    /**
     * The provider completes the call posting only {@code capture} of the hold (x402 {@code upto}:
     * authorize the maximum, settle the actual, release the rest). Otherwise exactly call-completed.
     */
    public TokenOutcome complete(String callerAgentId, String callerAccountId, String tokenId, Capture capture) {
        return advance(callerAgentId, callerAccountId, tokenId, Step.CALL_COMPLETED, null, null, capture);
    }

    private TokenOutcome advance(String callerAgentId, String callerAccountId, String tokenId, Step step, String idemKey,
                                 Fingerprint fingerprint, Capture capture) {
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            Instant now = Times.micros(clock.get());
            Optional<PaymentToken> read = items.get(tokenId).filter(x -> visible(x, callerAgentId, callerAccountId));
            if (read.isEmpty()) return new TokenOutcome.NotFound("token_not_found", "Token not found");
            PaymentToken t = read.get();
            if (step == Step.CANCEL && !t.consumerAgentId().equals(callerAgentId)) {
                return new TokenOutcome.Forbidden("NOT_TOKEN_CONSUMER", "Only the consumer agent that authorized the token can cancel it");
            }
            if (step != Step.CANCEL && !t.providerAgentId().equals(callerAgentId)) {
                return new TokenOutcome.Forbidden("NOT_SERVICE_PROVIDER", "Only the service's provider agent reports the call");
            }
            IdempotencyKey key = LedgerIdempotency.key(Keys.agent(callerAgentId), "x402tok:" + step.wire() + ":" + t.id(), idemKey);
            IdempotencyCheck check = LedgerIdempotency.check(idempotency, key, fingerprint, now);
            if (check instanceof IdempotencyCheck.KeyReused) return new TokenOutcome.IdempotencyKeyReused();
            if (check instanceof IdempotencyCheck.Replay rp) return new TokenOutcome.Replayed(rp.response());
            TokenOutcome refusal = refusal(t, step, now);
            if (refusal != null) return refusal;
            Commit tx = Commit.in(table);
            PaymentToken after = switch (step) {
                case CALL_STARTED -> started(tx, t, now);
                case CALL_ACCEPTED -> accepted(tx, t, now);
                case CALL_COMPLETED -> completed(tx, t, now, capture);
                case CANCEL -> release(tx, t, now, TokenStatus.CANCELLED, List.of(TokenStatus.AUTHORIZED), null);
            };
            if (after == null) continue; // the payment moved under us: read again
            if (key != null) {
                tx.idempotency(IdempotencyRecord.completed(key, fingerprint, new StoredResponse(200, Json.write(after.view())), now));
            }
            CommitOutcome r = tx.run(dynamo);
            if (r.committed()) return new TokenOutcome.Done(after);
            // the state moved (a racing call, the scan) or a conflict: decide again
        }
        return new TokenOutcome.Busy();
    }

    /** Why {@code step} does not apply to the token now, or null. */
    private static TokenOutcome refusal(PaymentToken t, Step step, Instant now) {
        TokenStatus s = t.status();
        boolean ok = switch (step) {
            case CALL_STARTED -> s == TokenStatus.REDEEMED;
            case CALL_ACCEPTED -> s == TokenStatus.CALL_STARTED;
            case CALL_COMPLETED -> s.inCall();
            case CANCEL -> s == TokenStatus.AUTHORIZED;
        };
        if (!ok) {
            if (s == TokenStatus.EXPIRED) return expired(t);
            if (step == Step.CANCEL && !s.terminal()) {
                return new TokenOutcome.Conflict("TOKEN_ALREADY_USED", "The token was redeemed by the provider; it can no longer be cancelled", s);
            }
            return new TokenOutcome.Conflict("INVALID_TOKEN_STATE", step.wire() + " does not apply to a token that is " + s.wire(), s);
        }
        if (step == Step.CALL_STARTED && !now.isBefore(t.expiresAt())) return expired(t);
        if (step == Step.CALL_COMPLETED && !now.isBefore(t.slaDeadline())) {
            return new TokenOutcome.Conflict("SLA_WINDOW_PASSED", "The call's SLA window ended at " + Times.wire(t.slaDeadline())
                    + "; the SLA scan refunds the consumer", s);
        }
        return null;
    }

    private PaymentToken started(Commit tx, PaymentToken t, Instant now) {
        Instant deadline = now.plusMillis(t.slaWindowMs());
        tx.item("token", items.transition(t.id(), List.of(TokenStatus.REDEEMED), TokenStatus.CALL_STARTED, now,
                Map.of("call_started_at", s(Times.stored(now)), "sla_deadline", s(Times.stored(deadline))), deadline,
                "expires_at > :at", Map.of(":at", s(Times.stored(now)))));
        PaymentToken after = new PaymentToken(t.id(), t.paymentId(), t.serviceId(), t.consumerAgentId(), t.consumerAccountId(),
                t.providerAgentId(), t.providerAccountId(), t.fromWalletId(), t.toWalletId(), t.amount(), t.fee(), t.currency(),
                TokenStatus.CALL_STARTED, t.expiresAt(), t.slaWindowMs(), deadline, t.createdAt(), t.redeemedAt(), now, null, null);
        event(tx, EventType.X402_TOKEN_CALL_STARTED, after, now);
        return after;
    }

    private PaymentToken accepted(Commit tx, PaymentToken t, Instant now) {
        tx.item("token", items.transition(t.id(), List.of(TokenStatus.CALL_STARTED), TokenStatus.CALL_ACCEPTED, now,
                Map.of("call_accepted_at", s(Times.stored(now))), t.slaDeadline(), null, null));
        PaymentToken after = new PaymentToken(t.id(), t.paymentId(), t.serviceId(), t.consumerAgentId(), t.consumerAccountId(),
                t.providerAgentId(), t.providerAccountId(), t.fromWalletId(), t.toWalletId(), t.amount(), t.fee(), t.currency(),
                TokenStatus.CALL_ACCEPTED, t.expiresAt(), t.slaWindowMs(), t.slaDeadline(), t.createdAt(), t.redeemedAt(),
                t.callStartedAt(), now, null);
        event(tx, EventType.X402_TOKEN_CALL_ACCEPTED, after, now);
        return after;
    }

    /** Settlement: the pending transfers posted (provider credited, fee to the fee account), once. */
    private PaymentToken completed(Commit tx, PaymentToken t, Instant now, Capture capture) {
        Payment p = payments.get(t.paymentId());
        if (p == null || p.status() != PaymentStatus.AUTHORIZED) return null;
        long amount = capture == null ? p.amount() : Math.min(capture.amount(), p.amount());
        long fee = capture == null ? p.fee() : Math.min(capture.fee(), p.fee());
        tx.item("token", items.transition(t.id(), List.of(TokenStatus.CALL_STARTED, TokenStatus.CALL_ACCEPTED),
                TokenStatus.COMPLETED, now, Map.of("ended_at", s(Times.stored(now))), null,
                "sla_deadline > :at", Map.of(":at", s(Times.stored(now)))));
        tx.item("payment", items.payment(p, PaymentStatus.COMPLETED, now, null, false));
        List<Transfer> pending = p.transfers(false);
        List<Transfer> posted = new ArrayList<>();
        for (Transfer x : pending) {
            long part = x.kind() == TransferKind.FEE ? fee : amount;
            posted.add(part > 0 ? x.post(part, now) : x.voided(now));
        }
        movements.resolve(tx, pending, posted, p.id(), now, p.description());
        if (amount < p.amount()) requests.failPaidPart(tx, p.id(), p.amount() - amount, now);
        tx.item("stats", items.countCall(t.serviceId(), "settled_calls"));
        PaymentToken after = ended(t, TokenStatus.COMPLETED, now);
        tx.item("event", outbox.put(EventType.PAYMENT_COMPLETED, p.accountId(), PaymentViews.payment(p.with(PaymentStatus.COMPLETED, now, null)), now));
        event(tx, EventType.X402_TOKEN_COMPLETED, after, now);
        return after;
    }

    /**
     * Voids the token's transfers (funds back to the consumer), ends the token in {@code to} and
     * its payment accordingly, and releases the payment's budget spend: the call never happened
     * (cancel, expiry) or was refunded (SLA breach). Null when the payment is no longer held.
     */
    private PaymentToken release(Commit tx, PaymentToken t, Instant now, TokenStatus to, List<TokenStatus> from,
                                 String extraCondition) {
        Payment p = payments.get(t.paymentId());
        if (p == null || p.status() != PaymentStatus.AUTHORIZED) return null;
        Map<String, AttributeValue> extraValues = extraCondition == null ? null : Map.of(":at", s(Times.stored(now)));
        tx.item("token", items.transition(t.id(), from, to, now, Map.of("ended_at", s(Times.stored(now))), null,
                extraCondition, extraValues));
        PaymentStatus paymentTo;
        String reason;
        switch (to) {
            case CANCELLED -> { paymentTo = PaymentStatus.FAILED; reason = "token_cancelled"; }
            case EXPIRED -> { paymentTo = PaymentStatus.EXPIRED; reason = "token_expired"; }
            case SLA_BREACHED -> { paymentTo = PaymentStatus.REFUNDED; reason = "sla_breached"; }
            default -> throw new IllegalArgumentException("not a release: " + to);
        }
        boolean refund = to == TokenStatus.SLA_BREACHED;
        tx.item("payment", items.payment(p, paymentTo, now, reason, refund));
        List<Transfer> pending = p.transfers(false);
        List<Transfer> voided = new ArrayList<>();
        for (Transfer x : pending) voided.add(x.voided(now));
        movements.resolve(tx, pending, voided, p.id(), now, p.description());
        requests.failPaid(tx, p.id(), now);
        PaymentToken after = ended(t, to, now);
        Payment paymentAfter = p.with(paymentTo, now, reason);
        if (refund) {
            paymentAfter = new Payment(p.id(), p.accountId(), p.agentId(), p.fromWalletId(), p.toWalletId(), p.toExternal(),
                    p.amount(), p.fee(), p.currency(), p.rail(), paymentTo, p.description(), p.category(), p.merchant(),
                    p.policyCheckJson(), p.amount(), reason, p.createdAt(), now, null, p.mandateId(), p.serviceId());
            tx.item("stats", items.countCall(t.serviceId(), "breached_calls"));
            ObjectNode data = PaymentViews.payment(paymentAfter);
            data.putObject("refund").put("amount", Money.plain(p.amount())).put("reason", reason)
                    .put("fee_refunded", Money.plain(p.fee())).put("token_id", t.id());
            tx.item("event", outbox.put(EventType.PAYMENT_REFUNDED, p.accountId(), data, now));
            event(tx, EventType.X402_SLA_BREACHED, after, now);
            event(tx, EventType.X402_TOKEN_SLA_BREACHED, after, now);
        } else {
            tx.item("event", outbox.put(EventType.PAYMENT_FAILED, p.accountId(), PaymentViews.payment(paymentAfter), now));
            event(tx, to == TokenStatus.CANCELLED ? EventType.X402_TOKEN_CANCELLED : EventType.X402_TOKEN_EXPIRED, after, now);
        }
        return after;
    }

    // ---- the scan's work -------------------------------------------------------------------

    /** Ends one due token: releases it past its expiry (unstarted) or refunds it past its SLA deadline. */
    public Swept sweep(String tokenId, Instant now) {
        for (int attempt : Retry.attempts(5)) {
            Optional<PaymentToken> read = items.get(tokenId);
            if (read.isEmpty()) return Swept.NOTHING;
            PaymentToken t = read.get();
            Commit tx = Commit.in(table);
            PaymentToken after;
            if ((t.status() == TokenStatus.AUTHORIZED || t.status() == TokenStatus.REDEEMED) && !now.isBefore(t.expiresAt())) {
                after = release(tx, t, now, TokenStatus.EXPIRED, List.of(t.status()), "expires_at <= :at");
            } else if (t.status().inCall() && t.slaDeadline() != null && !now.isBefore(t.slaDeadline())) {
                after = release(tx, t, now, TokenStatus.SLA_BREACHED, List.of(TokenStatus.CALL_STARTED, TokenStatus.CALL_ACCEPTED),
                        "sla_deadline <= :at");
            } else {
                return Swept.NOTHING; // not due yet, or already final (a racing completion or cancel won)
            }
            if (after == null) return Swept.NOTHING;
            if (tx.run(dynamo).committed()) return after.status() == TokenStatus.EXPIRED ? Swept.EXPIRED : Swept.BREACHED;
        }
        return Swept.NOTHING;
    }

    // ---- requirements ----------------------------------------------------------------------

    /** The x402 PaymentRequirements of the service registered at exactly this endpoint URL. */
    public Optional<ObjectNode> requirements(String resource, long feeOf) {
        return services.byEndpoint(resource).map(sv -> {
            ObjectNode o = Json.object();
            o.put("x402Version", 1);
            ObjectNode a = o.putArray("accepts").addObject();
            a.put("scheme", "exact");
            a.put("network", NETWORK);
            a.put("maxAmountRequired", Long.toString(sv.pricePerCall()));
            a.put("resource", sv.endpointUrl());
            a.put("description", sv.description() == null ? sv.name() : sv.description());
            a.put("mimeType", "application/json");
            a.put("payTo", WalletStore.defaultId(sv.providerAgentId()));
            a.put("asset", sv.currency());
            a.put("maxTimeoutSeconds", Math.max(1, slaWindow(sv).toSeconds()));
            ObjectNode extra = a.putObject("extra");
            extra.put("service_id", sv.id());
            extra.put("name", sv.name());
            extra.put("price_per_call", Money.plain(sv.pricePerCall()));
            extra.put("fee", Money.plain(feeOf));
            extra.put("currency", sv.currency());
            extra.put("authorize_url", "/v1/services/" + sv.id() + "/authorize");
            extra.put("verify_url", "/v1/x402/verify");
            extra.put("keys_url", "/v1/x402/keys");
            extra.put("token_ttl_seconds", ttl.toSeconds());
            extra.put("verified", sv.verified());
            return o;
        });
    }

    /** The x402 v2 PaymentRequired of the service registered at exactly this endpoint URL. */
    public Optional<ObjectNode> paymentRequired(String resource, long feeOf) {
        return services.byEndpoint(resource).map(sv -> PaymentRequiredV2.of(sv, WalletStore.defaultId(sv.providerAgentId()),
                feeOf, Math.max(1, slaWindow(sv).toSeconds()), ttl));
    }

    /** A token's signed claims when it is well formed and a published key verifies it, else empty. */
    public Optional<JsonNode> claims(String token) {
        if (!wellFormed(token)) return Optional.empty();
        Instant now = Times.micros(clock.get());
        return TokenSigner.verify(token, kid -> keys.publicKey(kid, now));
    }

    private static boolean wellFormed(String token) {
        return token != null && token.startsWith(TokenSigner.PREFIX) && token.indexOf('.') >= 0 && token.length() <= 4096;
    }

    public Optional<Service> serviceAt(String resource) {
        return services.byEndpoint(resource);
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** The token's event, to each party's account (one event when both are the same account). */
    private void event(Commit tx, EventType type, PaymentToken t, Instant now) {
        for (String account : new LinkedHashSet<>(List.of(t.consumerAccountId(), t.providerAccountId()))) {
            tx.item("event", outbox.put(type, account, t.view(), now));
        }
    }

    private static PaymentToken with(PaymentToken t, TokenStatus status, Instant redeemedAt) {
        return new PaymentToken(t.id(), t.paymentId(), t.serviceId(), t.consumerAgentId(), t.consumerAccountId(),
                t.providerAgentId(), t.providerAccountId(), t.fromWalletId(), t.toWalletId(), t.amount(), t.fee(), t.currency(),
                status, t.expiresAt(), t.slaWindowMs(), t.slaDeadline(), t.createdAt(), redeemedAt, t.callStartedAt(),
                t.callAcceptedAt(), t.endedAt());
    }

    private static PaymentToken ended(PaymentToken t, TokenStatus status, Instant at) {
        return new PaymentToken(t.id(), t.paymentId(), t.serviceId(), t.consumerAgentId(), t.consumerAccountId(),
                t.providerAgentId(), t.providerAccountId(), t.fromWalletId(), t.toWalletId(), t.amount(), t.fee(), t.currency(),
                status, t.expiresAt(), t.slaWindowMs(), t.slaDeadline(), t.createdAt(), t.redeemedAt(), t.callStartedAt(),
                t.callAcceptedAt(), at);
    }
}
