package dev.purser.bench;

import dev.purser.accounts.Account;
import dev.purser.config.Env;
import dev.purser.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The decision path in-process: {@code POST /requests} through {@link dev.purser.functions.InProcessApi}
 * (the API Gateway event, the handler, the batch read, the engine, the transaction) against
 * DynamoDB Local, one call at a time, separately for the three outcomes. Round trips are counted
 * with an SDK interceptor on {@code beforeTransmission}. Every agent's first call (which adds the
 * token lookup of a cold container) is made before timing, and no agent gets more than 50
 * requests, so the 60/minute rate limit and the pending cap never answer instead of the decision.
 */
final class DecisionPathSection {
    static final String POLICY = """
            {"per_request_limit": 200, "daily_limit": 100000, "weekly_limit": 200000, "monthly_limit": 500000,
             "auto_approve": {"enabled": true, "max_amount": 50}}""";
    private static final int PER_AGENT = 50;

    private record Outcome(String name, long amountMinor, String expectedStatus) {}

    void run(Settings settings, Env env, Report report) {
        RoundTrips trips = new RoundTrips();
        BenchWorld world = new BenchWorld(env, "purser-bench-decisions", Clock.systemUTC(), trips);
        Account account = world.account(null);
        List<Outcome> outcomes = List.of(
                new Outcome("auto_approved", 10_00, "auto_approved"),
                new Outcome("pending", 100_00, "pending"),
                new Outcome("rejected", 600_00, "rejected"));
        int n = settings.decisionsPerOutcome();
        int agentsPer = (n + PER_AGENT - 1) / PER_AGENT;
        Progress progress = new Progress("decision path in-process (" + n + " per outcome)", 3L * n);
        long done = 0;
        var json = report.section("decision_in_process");
        json.put("requests_per_outcome", n);
        for (Outcome o : outcomes) {
            List<BenchWorld.BenchAgent> agents = new ArrayList<>();
            for (int i = 0; i < agentsPer; i++) {
                BenchWorld.BenchAgent a = world.agent(account, 100_000_000_00L, POLICY);
                world.check(a.token(), BenchWorld.body(o.amountMinor(), "groceries")); // warms the container's token hint
                agents.add(a);
            }
            // A short untimed warm-up so the JIT has compiled the path before the timed calls.
            BenchWorld.BenchAgent warm = world.agent(account, 100_000_000_00L, POLICY);
            for (int i = 0; i < Math.min(PER_AGENT, n / 4 + 1); i++) world.create(warm.token(), BenchWorld.body(o.amountMinor(), "groceries"));
            Latencies latencies = new Latencies();
            int minTrips = Integer.MAX_VALUE, maxTrips = 0;
            long totalTrips = 0;
            int unexpected = 0;
            int txItems = 0;
            trips.reset();
            for (int i = 0; i < n; i++) {
                BenchWorld.BenchAgent a = agents.get(i / PER_AGENT);
                long t0 = System.nanoTime();
                HttpResponse r = world.create(a.token(), BenchWorld.body(o.amountMinor(), "groceries"));
                latencies.add(System.nanoTime() - t0);
                int t = trips.reset();
                minTrips = Math.min(minTrips, t);
                maxTrips = Math.max(maxTrips, t);
                totalTrips += t;
                txItems = trips.lastTransactionItems();
                if (r.status() != 201 || !r.body().contains("\"status\":\"" + o.expectedStatus() + "\"")) unexpected++;
                progress.update(++done);
            }
            double p50 = Latencies.millis(latencies.percentile(50));
            double p99 = Latencies.millis(latencies.percentile(99));
            double meanTrips = totalTrips / (double) n;
            String label = "Decision in-process: " + o.name();
            report.row(label, "p50 / p99 latency", Report.num(p50, 2) + " / " + Report.num(p99, 2) + " ms", "");
            report.row(label, "DynamoDB round trips per decision", Report.num(meanTrips, 2)
                    + (minTrips == maxTrips ? "" : " (" + minTrips + "-" + maxTrips + ")"), "<= 3 (target 2)");
            report.row(label, "items in its transaction", Integer.toString(txItems), "");
            if (unexpected > 0) report.row(label, "UNEXPECTED answers", Integer.toString(unexpected), "0");
            var o1 = json.putObject(o.name());
            o1.put("p50_ms", p50);
            o1.put("p99_ms", p99);
            o1.put("round_trips_mean", meanTrips);
            o1.put("round_trips_min", minTrips);
            o1.put("round_trips_max", maxTrips);
            o1.put("transaction_items", txItems);
            o1.put("unexpected_answers", unexpected);
            o1.put("samples", latencies.count());
        }
        progress.done();
    }
}
