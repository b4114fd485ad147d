package dev.purser.bench;

import dev.purser.accounts.Account;
import dev.purser.config.Env;
import dev.purser.http.HttpResponse;
import dev.purser.ledger.LedgerConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Payments in-process: {@code POST /v1/payments} through the handlers (batch read, policy engine,
 * one transaction with the request, counters, transfers, balances, lines, idempotency record and
 * events) against DynamoDB Local. Sequential calls give p50/p99 and round trips per payment (the
 * target is 2: the batch and the transaction); a second run with 8 concurrent payers, each on its
 * own wallet, gives payments per second. Every agent makes at most 50 payments (the 60/minute rate
 * limit) and its first call (the cold token lookup) is untimed.
 */
final class PaymentsSection {
    private static final int PER_AGENT = 50;
    private static final String POLICY = "{\"auto_approve\": {\"enabled\": true}}";

    void run(Settings settings, Env env, Report report) throws Exception {
        RoundTrips trips = new RoundTrips();
        Env sandbox = env.with(LedgerConfig.SANDBOX, "true");
        BenchWorld world = new BenchWorld(sandbox, "purser-bench-payments", Clock.systemUTC(), trips);
        Account account = world.account(null);
        int n = settings.decisionsPerOutcome();
        int agentsNeeded = (n + PER_AGENT - 1) / PER_AGENT;
        Progress progress = new Progress("payments in-process (" + n + " sequential, " + n + " concurrent)", 2L * n);
        List<BenchWorld.BenchAgent> agents = new ArrayList<>();
        List<String> wallets = new ArrayList<>();
        for (int i = 0; i < agentsNeeded + 8; i++) {
            BenchWorld.BenchAgent a = world.agent(account, 100_000_000_00L, POLICY);
            String w = world.fundedWallet(a, PER_AGENT * 200_00L);
            world.pay(a.token(), BenchWorld.payment(w, 1_00, "internal")); // warms the token hint, untimed
            agents.add(a);
            wallets.add(w);
        }
        Latencies latencies = new Latencies();
        long totalTrips = 0;
        int minTrips = Integer.MAX_VALUE, maxTrips = 0, unexpected = 0, txItems = 0;
        trips.reset();
        long done = 0;
        for (int i = 0; i < n; i++) {
            int k = i / (PER_AGENT - 1);
            long t0 = System.nanoTime();
            HttpResponse r = world.pay(agents.get(k).token(), BenchWorld.payment(wallets.get(k), 10_00, "internal"));
            latencies.add(System.nanoTime() - t0);
            int t = trips.reset();
            totalTrips += t;
            minTrips = Math.min(minTrips, t);
            maxTrips = Math.max(maxTrips, t);
            txItems = trips.lastTransactionItems();
            if (r.status() != 201 || !r.body().contains("\"status\":\"completed\"")) unexpected++;
            progress.update(++done);
        }
        // Concurrent: 8 payers, each its own agent and wallet (a wallet is one item: payments from
        // one wallet serialise by design), fresh agents so the rate limit never answers.
        List<BenchWorld.BenchAgent> payers = new ArrayList<>();
        List<String> payerWallets = new ArrayList<>();
        int per = Math.max(1, Math.min(PER_AGENT - 1, n / 8));
        for (int i = 0; i < 8; i++) {
            BenchWorld.BenchAgent a = world.agent(account, 100_000_000_00L, POLICY);
            String w = world.fundedWallet(a, PER_AGENT * 200_00L);
            world.pay(a.token(), BenchWorld.payment(w, 1_00, "internal"));
            payers.add(a);
            payerWallets.add(w);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long c0 = System.nanoTime();
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int idx = i;
            futures.add(pool.submit(() -> {
                int bad = 0;
                for (int j = 0; j < per; j++) {
                    HttpResponse r = world.pay(payers.get(idx).token(), BenchWorld.payment(payerWallets.get(idx), 10_00, "internal"));
                    if (r.status() != 201) bad++;
                }
                return bad;
            }));
        }
        int concurrentBad = 0;
        for (Future<Integer> f : futures) concurrentBad += f.get();
        double seconds = (System.nanoTime() - c0) / 1e9;
        pool.shutdown();
        progress.done();
        double p50 = Latencies.millis(latencies.percentile(50));
        double p99 = Latencies.millis(latencies.percentile(99));
        double meanTrips = totalTrips / (double) n;
        double sequentialRate = n / (latencies.total() / 1e9);
        double concurrentRate = 8 * per / seconds;
        String label = "Payments in-process (internal, auto-approved)";
        report.row(label, "p50 / p99 latency", Report.num(p50, 2) + " / " + Report.num(p99, 2) + " ms", "");
        report.row(label, "payments/s (1 client / 8 clients on 8 wallets)",
                Report.num(sequentialRate, 1) + " / " + Report.num(concurrentRate, 1), "");
        report.row(label, "DynamoDB round trips per payment", Report.num(meanTrips, 2)
                + (minTrips == maxTrips ? "" : " (" + minTrips + "-" + maxTrips + ")"), "target 2");
        report.row(label, "items in its transaction", Integer.toString(txItems), "<= 100");
        if (unexpected + concurrentBad > 0) report.row(label, "UNEXPECTED answers", Integer.toString(unexpected + concurrentBad), "0");
        var json = report.section("payments_in_process");
        json.put("payments", n);
        json.put("p50_ms", p50);
        json.put("p99_ms", p99);
        json.put("payments_per_second_sequential", sequentialRate);
        json.put("payments_per_second_8_clients", concurrentRate);
        json.put("round_trips_mean", meanTrips);
        json.put("round_trips_min", minTrips);
        json.put("round_trips_max", maxTrips);
        json.put("transaction_items", txItems);
        json.put("unexpected_answers", unexpected + concurrentBad);
    }
}
