package dev.purser.bench;

import dev.purser.accounts.Account;
import dev.purser.auth.Secrets;
import dev.purser.config.Env;
import dev.purser.http.HttpResponse;
import dev.purser.json.Json;
import dev.purser.ledger.LedgerConfig;
import dev.purser.ledger.store.LedgerAudit;
import dev.purser.money.Money;
import dev.purser.payments.PaymentService;
import dev.purser.payments.api.PaymentsWiring;
import dev.purser.payouts.Destination;
import dev.purser.payouts.DestinationParser;
import dev.purser.payouts.PayoutOutcome;
import dev.purser.payouts.PayoutStatus;
import dev.purser.payouts.PayoutService;
import dev.purser.requests.ExpirySweep;
import dev.purser.settlement.SettlementJob;
import dev.purser.testing.MutableClock;
import dev.purser.wallets.Caller;
import dev.purser.x402tokens.PaymentTokens;
import dev.purser.x402tokens.SigningKeys;
import dev.purser.x402tokens.TokenOutcome;
import dev.purser.x402tokens.TokenScan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ledger part of the invariant load: seeded, concurrent payments (internal and sandbox rails,
 * magic failing amounts, wallet-to-wallet, some needing approval), owner approvals and rejections,
 * expiry sweeps with the clock moving, settlement runs, refunds, payouts and repeated idempotency
 * keys, on its own table; then {@link LedgerAudit} checks L1–L4 and L6 (Σ debits = Σ credits per
 * currency, no wallet below zero, each pending transfer resolved once) and the load itself checks
 * L5 (a repeated key always answers the first payment).
 */
final class LedgerLoad {
    private static final Instant START = Instant.parse("2026-11-23T15:00:00Z");
    private static final String BANK = "{\"routing_number\": \"021000021\", \"account_number\": \"123456789\", "
            + "\"account_holder\": \"Bench\"}";

    boolean run(Settings settings, Env env, Report report) throws Exception {
        long seed = settings.seed();
        int ops = Math.max(200, settings.requests() / 5);
        MutableClock clock = new MutableClock(START);
        Env sandbox = env.with(LedgerConfig.SANDBOX, "true");
        BenchWorld world = new BenchWorld(sandbox, "purser-bench-ledger-" + seed + "-" + System.currentTimeMillis(), clock);
        LedgerConfig config = LedgerConfig.from(sandbox::get);
        PaymentService payments = PaymentsWiring.service(world.purser);
        PayoutService payouts = new PayoutService(world.purser.dynamo(), world.purser.table(), config, world.purser::now);
        SettlementJob settlement = new SettlementJob(world.purser.dynamo(), world.purser.table(), config);
        ExpirySweep sweep = new ExpirySweep(world.purser.queries(), world.purser.lifecycle());
        Account account = world.account(null);
        Caller owner = new Caller.OwnerCaller(account.id());
        Random setup = new Random(seed ^ 0x1ED6E6L);
        int agentsN = Math.max(4, Math.min(20, settings.agents() / 3));
        List<BenchWorld.BenchAgent> agents = new ArrayList<>();
        List<String> wallets = new ArrayList<>();
        for (int i = 0; i < agentsN; i++) {
            BenchWorld.BenchAgent a = world.agent(account, 100_000_000L, "{\"auto_approve\": {\"enabled\": true, \"max_amount\": 20}}");
            agents.add(a);
            wallets.add(world.fundedWallet(a, (200 + setup.nextInt(800)) * 100L));
        }
        // x402 payment tokens mixed in: agent 0 provides a service (2.00 a call, 5 s SLA), the others
        // authorize calls of it and the tokens go every way (settled, cancelled, left to expire,
        // left to breach their SLA), racing the scan that runs with the sweeps.
        PaymentTokens tokens = new PaymentTokens(world.purser.dynamo(),
                world.purser.table(), payments, new SigningKeys(world.purser.dynamo(), world.purser.table()),
                world.purser::now, PaymentTokens.DEFAULT_TTL, PaymentTokens.DEFAULT_SLA);
        TokenScan tokenScan = new TokenScan(world.purser.dynamo(), world.purser.table(), tokens);
        var registered = world.api.invoke("POST", "/v1/services", null, Map.of("authorization", "Bearer " + agents.get(0).token()),
                "{\"name\": \"bench service " + seed + "\", \"price_per_call\": \"2.00\", \"endpoint_url\": \"https://bench-" + seed
                        + ".example.com/call\", \"sla\": {\"max_latency_ms\": 5000}}", "127.0.0.1");
        String serviceId = Json.parseTrusted(registered.body()).path("id").asText();
        if (registered.status() != 201) throw new IllegalStateException("bench service not registered: " + registered.body());
        List<String> paymentIds = new CopyOnWriteArrayList<>();
        Map<String, String> firstIdOfKey = new ConcurrentHashMap<>();
        List<String> loadViolations = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> outcomes = new TreeMap<>();
        AtomicInteger next = new AtomicInteger();
        Progress progress = new Progress("ledger load: " + ops + " operations, " + settings.clients() + " clients", ops);
        ExecutorService pool = Executors.newFixedThreadPool(settings.clients());
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < settings.clients(); w++) {
            workers.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < ops) {
                    Random r = new Random(seed * 31 + i); // each operation seeded by its index
                    int k = r.nextInt(agentsN);
                    BenchWorld.BenchAgent a = agents.get(k);
                    String wallet = wallets.get(k);
                    String outcome;
                    try {
                        int kind = r.nextInt(100);
                        if (kind < 40) {
                            long amount = 1_00 + r.nextInt(40_00);
                            String rail = r.nextInt(4) == 0 ? "ach" : "internal";
                            if (rail.equals("ach") && r.nextInt(5) == 0) amount = r.nextBoolean() ? 13_13 : 66_66;
                            outcome = pay(world, a, BenchWorld.payment(wallet, amount, rail), null, paymentIds, firstIdOfKey, loadViolations);
                        } else if (kind < 50) {
                            String to = wallets.get((k + 1 + r.nextInt(agentsN - 1)) % agentsN);
                            String body = "{\"from_wallet_id\": \"" + wallet + "\", \"to_wallet_id\": \"" + to + "\", \"amount\": "
                                    + Money.plain(1_00 + r.nextInt(30_00)) + "}";
                            outcome = pay(world, a, body, null, paymentIds, firstIdOfKey, loadViolations);
                        } else if (kind < 55) {
                            String key = "k" + r.nextInt(Math.max(1, ops / 20));
                            outcome = pay(world, a, BenchWorld.payment(wallet, 2_00, "internal"), a.id() + ":" + key,
                                    paymentIds, firstIdOfKey, loadViolations);
                        } else if (kind < 70 && !paymentIds.isEmpty()) {
                            String id = paymentIds.get(r.nextInt(paymentIds.size()));
                            var t = r.nextBoolean() ? world.purser.lifecycle().approve(account.id(), id, world.purser.now())
                                    : world.purser.lifecycle().reject(account.id(), id, "bench", world.purser.now());
                            outcome = "review -> " + t.getClass().getSimpleName();
                        } else if (kind < 80 && !paymentIds.isEmpty()) {
                            String id = paymentIds.get(r.nextInt(paymentIds.size()));
                            Long amount = r.nextBoolean() ? null : (long) (1 + r.nextInt(10_00));
                            outcome = "refund -> " + payments.refund(owner, id, amount, "bench", null, null).getClass().getSimpleName();
                        } else if (kind < 86) {
                            outcome = payout(payouts, owner, a, wallet, r, paymentIds);
                        } else if (kind < 89) {
                            outcome = token(tokens, agents.get(0), a, k == 0 ? null : wallet, serviceId, r);
                        } else if (kind < 95) {
                            var res = settlement.run(world.purser.now(), 1_000);
                            outcome = "settlement run" + (res.failed() > 0 ? " (with failures)" : "");
                        } else {
                            clock.advance(Duration.ofMinutes(r.nextInt(3) == 0 ? 45 : 5));
                            sweep.sweep(world.purser.now(), 1_000);
                            tokenScan.run(world.purser.now(), 1_000);
                            outcome = "clock + sweep + token scan";
                        }
                    } catch (Exception e) {
                        outcome = "threw " + e.getClass().getSimpleName();
                        loadViolations.add("operation " + i + " threw " + e);
                    }
                    synchronized (outcomes) {
                        outcomes.computeIfAbsent(outcome, x -> new AtomicInteger()).incrementAndGet();
                    }
                    progress.update(i + 1);
                }
                return null;
            }));
        }
        for (Future<?> f : workers) f.get();
        pool.shutdown();
        // Drain: every rail settles, every pending approval expires, so nothing is left pending by the load.
        clock.advance(Duration.ofHours(2));
        sweep.sweep(world.purser.now(), 100_000);
        for (int i = 0; i < 4; i++) settlement.run(world.purser.now(), 100_000);
        tokenScan.run(world.purser.now(), 100_000); // every token left live is past its expiry or SLA now
        progress.done();
        LedgerAudit.Report audit = LedgerAudit.run(world.purser.dynamo(), world.purser.table());
        List<String> violations = new ArrayList<>(audit.violations());
        violations.addAll(loadViolations);
        System.out.println("Ledger load: " + ops + " operations; " + audit.transfers() + " transfers, " + audit.accounts()
                + " ledger account items; " + (violations.isEmpty() ? "no violations" : violations.size() + " VIOLATIONS"));
        outcomes.forEach((o, n) -> System.out.println("  " + o + ": " + n));
        violations.stream().limit(50).forEach(v -> System.out.println("  VIOLATION " + v));
        report.row("Invariant load (ledger)", "operations / transfers", ops + " / " + audit.transfers(), "");
        report.row("Invariant load (ledger)", "pending transfers left after drain", Integer.toString(audit.pendingTransfers()), "0");
        report.row("Invariant load (ledger)", "ledger invariant violations", Integer.toString(violations.size()), "0");
        var json = report.section("ledger_invariants");
        json.put("seed", seed);
        json.put("operations", ops);
        json.put("transfers", audit.transfers());
        json.put("pending_transfers_after_drain", audit.pendingTransfers());
        json.put("violations", violations.size());
        var list = json.putArray("violation_samples");
        violations.stream().limit(50).forEach(list::add);
        return violations.isEmpty() && audit.pendingTransfers() == 0;
    }

    /**
     * A payout: by the owner, or by the agent (decided by its policy like a payment, counted in its
     * windows; to one of three destinations, so an unapproved one is held for the owner until the
     * review branch approves or rejects it, or the sweep expires it). 66.66 makes the rail fail.
     */
    private static String payout(PayoutService payouts, Caller owner, BenchWorld.BenchAgent a, String wallet, Random r,
                                 List<String> reviewable) {
        long amount = r.nextInt(6) == 0 ? 66_66 : 1_00 + r.nextInt(50_00);
        String raw = BANK.replace("123456789", "12345678" + r.nextInt(3));
        Destination d = DestinationParser.parse("bank", Json.parseTrusted(raw));
        boolean byAgent = r.nextBoolean();
        Caller caller = byAgent ? new Caller.AgentCaller(a.id(), a.accountId(), Secrets.sha256Hex(a.token())) : owner;
        var o = payouts.create(caller, wallet, amount, null, d, DestinationParser.id(d, Json.parseTrusted(raw)), null, null, null);
        if (o instanceof PayoutOutcome.Created c && c.payout().status() == PayoutStatus.PENDING_APPROVAL) {
            reviewable.add(c.payout().id());
            return "agent payout -> held for the owner";
        }
        return (byAgent ? "agent payout -> " : "owner payout -> ") + o.getClass().getSimpleName();
    }

    /** One consumer call of the bench service, taken to a random end (or left for the scan). */
    private static String token(PaymentTokens tokens, BenchWorld.BenchAgent provider, BenchWorld.BenchAgent a,
                                String wallet, String serviceId, Random r) {
        if (wallet == null) return "x402 token: provider skips";
        var auth = tokens.authorize(Secrets.sha256Hex(a.token()), serviceId, wallet, null, null, null);
        if (!(auth instanceof TokenOutcome.Authorized ok)) return "x402 authorize -> " + auth.getClass().getSimpleName();
        String id = ok.body().get("token_id").asText();
        String agentId = provider.id(), accountId = provider.accountId();
        int path = r.nextInt(5);
        if (path == 1) return "x402 cancel -> " + tokens.advance(a.id(), a.accountId(), id, PaymentTokens.Step.CANCEL,
                null, null).getClass().getSimpleName();
        if (path == 0) return "x402 token left to expire";
        tokens.verify(agentId, accountId, ok.body().get("token").asText());
        if (path == 4) return "x402 redeemed, never started";
        tokens.advance(agentId, accountId, id, PaymentTokens.Step.CALL_STARTED, null, null);
        if (path == 3) return "x402 started, left to breach";
        return "x402 completed -> " + tokens.advance(agentId, accountId, id, PaymentTokens.Step.CALL_COMPLETED,
                null, null).getClass().getSimpleName();
    }

    private static String pay(BenchWorld world, BenchWorld.BenchAgent a, String body, String key, List<String> ids,
                              Map<String, String> firstIdOfKey, List<String> violations) {
        HttpResponse r = key == null ? world.pay(a.token(), body)
                : world.api.invoke("POST", "/v1/payments", null, Map.of("authorization", "Bearer " + a.token(),
                        "content-type", "application/json", "idempotency-key", key), body, "127.0.0.1");
        if (r.status() != 201) {
            var j = Json.parseTrusted(r.body());
            return "payment -> " + r.status() + " " + j.path("code").asText();
        }
        var j = Json.parseTrusted(r.body());
        String id = j.get("id").asText();
        if (key != null) {
            String first = firstIdOfKey.putIfAbsent(key, id);
            if (first != null && !first.equals(id)) violations.add("idempotency key " + key + " moved money twice: " + first + ", " + id);
            if (first != null) return "payment -> replayed";
        }
        ids.add(id);
        return "payment -> " + j.get("status").asText();
    }
}
