package dev.purser.bench;

import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.policy.AccountRule;
import dev.purser.policy.AgentStatus;
import dev.purser.policy.Decision;
import dev.purser.policy.Outcome;
import dev.purser.policy.Policy;
import dev.purser.policy.PolicyEngine;
import dev.purser.policy.PurchaseAttempt;
import dev.purser.policy.Snapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The pure policy engine in an honest warmed loop (JMH is not in the offline repository): a
 * realistic policy (schedule with a weekend override, daily/weekly/monthly/per-request limits,
 * blocked categories, merchant allow and block lists, velocity, auto-approve) and one account
 * daily rule, over a rotating set of 64 attempts and snapshots that reach every outcome, so
 * neither the branch predictor nor the JIT sees one constant input. Throughput is timed over
 * whole batches; latency call by call with {@code System.nanoTime} (its ~20-30 ns cost is included).
 */
final class PolicyEngineSection {
    static final String POLICY = """
            {"daily_limit": 500, "weekly_limit": 2000, "monthly_limit": 5000, "per_request_limit": 300,
             "requests_per_minute": 10, "requests_per_hour": 200,
             "blocked_categories": ["gambling", "adult"],
             "allowed_merchants": ["*.amazon.com", "shop.example.com", "*.stripe.com", "*.openai.com"],
             "blocked_merchants": ["ads.example.com"],
             "schedule": {"timezone": "America/New_York", "default": {"allow": "07:00-22:00"},
                          "overrides": [{"days": ["sat", "sun"], "allow": "10:00-16:00", "daily_limit": 100}]},
             "auto_approve": {"enabled": true, "max_amount": 50, "categories": ["groceries", "software", "api"]}}""";

    private static final String SINK_NOTE = "sink";
    private long sink;

    void run(Settings settings, Report report) {
        Policy policy = Policy.parse(Json.parseTrusted(POLICY));
        List<AccountRule> rules = List.of(AccountRule.fromJson(Json.parseTrusted(
                "{\"id\": \"acct-daily\", \"name\": \"team-daily\", \"limit_type\": \"daily\", \"limit_amount\": \"1500.00\"}")));
        ZoneId zone = ZoneId.of("America/New_York");
        Instant now = Instant.parse("2026-11-24T15:30:00Z"); // Tuesday 10:30 in New York
        Random random = new Random(42);
        int n = 64;
        PurchaseAttempt[] attempts = new PurchaseAttempt[n];
        Snapshot[] snapshots = new Snapshot[n];
        String[] categories = {"groceries", "software", "api", "travel", "gambling", "restaurants"};
        String[] merchants = {"www.amazon.com", "shop.example.com", "api.openai.com", "ads.example.com", "unknown.io", "pay.stripe.com"};
        int[] outcomes = new int[3];
        for (int i = 0; i < n; i++) {
            BigDecimal amount = BigDecimal.valueOf(100 + random.nextInt(35_000), 2);
            attempts[i] = new PurchaseAttempt(amount, Money.toMinor(amount), categories[random.nextInt(categories.length)],
                    merchants[random.nextInt(merchants.length)]);
            long daily = random.nextInt(45_000);
            snapshots[i] = new Snapshot(200_000, random.nextInt(50_000), random.nextInt(20_000),
                    daily, daily + random.nextInt(50_000), daily + random.nextInt(150_000),
                    random.nextInt(140_000), 0, 0, 0, Map.of(), random.nextInt(10), random.nextInt(150));
            Outcome o = PolicyEngine.evaluate(attempts[i], AgentStatus.ACTIVE, policy, rules, zone, snapshots[i], now).outcome();
            outcomes[o.ordinal()]++;
        }

        long warmupNanos = settings.engineSeconds() * 1_000_000_000L;
        long measureNanos = settings.engineSeconds() * 2_000_000_000L;
        Progress progress = new Progress("policy engine: warm-up, throughput, latency", 3);
        loopFor(warmupNanos, policy, rules, zone, now, attempts, snapshots);
        progress.update(1);
        // Throughput: batches of 1,024 evaluations between clock reads.
        long evaluations = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            for (int i = 0; i < 1024; i++) {
                int k = i & (n - 1);
                sink += PolicyEngine.evaluate(attempts[k], AgentStatus.ACTIVE, policy, rules, zone, snapshots[k], now).checks().size();
            }
            evaluations += 1024;
            elapsed = System.nanoTime() - start;
        } while (elapsed < measureNanos / 2);
        double perSecond = evaluations * 1e9 / elapsed;
        progress.update(2);
        // Latency: one timed call at a time.
        Latencies latencies = new Latencies();
        long until = System.nanoTime() + measureNanos / 2;
        int k = 0;
        while (System.nanoTime() < until) {
            for (int i = 0; i < 256; i++) {
                k = (k + 1) & (n - 1);
                long t0 = System.nanoTime();
                Decision d = PolicyEngine.evaluate(attempts[k], AgentStatus.ACTIVE, policy, rules, zone, snapshots[k], now);
                latencies.add(System.nanoTime() - t0);
                sink += d.checks().size();
            }
        }
        progress.done();

        double p50 = Latencies.micros(latencies.percentile(50));
        double p99 = Latencies.micros(latencies.percentile(99));
        double p999 = Latencies.micros(latencies.percentile(99.9));
        report.row("Policy engine", "evaluations/s (1 thread)", Report.num(perSecond, 0), "");
        report.row("Policy engine", "p50 latency", Report.num(p50, 2) + " µs", "");
        report.row("Policy engine", "p99 latency", Report.num(p99, 2) + " µs", "< 50 µs");
        report.row("Policy engine", "p99.9 latency", Report.num(p999, 2) + " µs", "");
        var json = report.section("policy_engine");
        json.put("evaluations_per_second", Math.round(perSecond));
        json.put("p50_us", p50);
        json.put("p99_us", p99);
        json.put("p999_us", p999);
        json.put("samples", latencies.count());
        json.put("inputs", n);
        json.put("inputs_auto_approved", outcomes[Outcome.AUTO_APPROVED.ordinal()]);
        json.put("inputs_pending", outcomes[Outcome.PENDING.ordinal()]);
        json.put("inputs_rejected", outcomes[Outcome.REJECTED.ordinal()]);
        json.put("warmup_seconds", settings.engineSeconds());
        json.put("measure_seconds", settings.engineSeconds() * 2);
        json.put("p99_target_met", p99 < 50);
        json.put(SINK_NOTE, sink & 1); // keeps the results observable so the JIT cannot drop the work
    }

    private void loopFor(long nanos, Policy policy, List<AccountRule> rules, ZoneId zone, Instant now,
                         PurchaseAttempt[] attempts, Snapshot[] snapshots) {
        long until = System.nanoTime() + nanos;
        int n = attempts.length;
        while (System.nanoTime() < until) {
            for (int i = 0; i < 1024; i++) {
                int k = i & (n - 1);
                sink += PolicyEngine.evaluate(attempts[k], AgentStatus.ACTIVE, policy, rules, zone, snapshots[k], now).checks().size();
            }
        }
    }
}
