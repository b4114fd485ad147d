package dev.purser.bench;

import dev.purser.accounts.Account;
import dev.purser.config.AwsClients;
import dev.purser.config.Env;
import dev.purser.functions.FallbackHandler;
import dev.purser.functions.InProcessApi;
import dev.purser.local.PurserLocal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End to end over HTTP through the local runtime (started in this JVM, in memory: its JDK HTTP
 * front, the same handlers, its own DynamoDB Local), at several client concurrencies, and in the
 * same run the storage ceiling (decision-shaped TransactWriteItems issued raw at the same
 * concurrency against the same DynamoDB Local), so decision throughput is a ratio of it.
 *
 * <p>Requests are auto-approved (10.00 under {@link DecisionPathSection#POLICY}). Each level uses
 * its own agents, at least as many as clients and never more than 50 requests each, spread over
 * accounts of 10 agents: so neither the 60/minute/agent rate limit nor contention on one agent's
 * budget item decides the figures. Agents of one account still share the account's counters
 * (totals and windows), as they do in production.
 */
final class HttpLoadSection {
    private static final int PER_AGENT = 50;
    private static final int AGENTS_PER_ACCOUNT = 10;
    private static final long AMOUNT = 10_00;

    void run(Settings settings, Report report) throws Exception {
        var json = report.section("http_end_to_end");
        json.put("agents_per_account", AGENTS_PER_ACCOUNT);
        json.put("max_requests_per_agent", PER_AGENT);
        var levels = json.putArray("levels");
        try (PurserLocal local = PurserLocal.startInMemory()) {
            Env env = Env.system(); // the runtime configured every client through system properties
            BenchWorld world = new BenchWorld(env, PurserLocal.tableName(), Clock.systemUTC());
            StorageCeiling ceiling = new StorageCeiling(new AwsClients(env).dynamo(), PurserLocal.tableName());
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            String url = local.baseUrl() + BenchWorld.AGENT_API + "/requests";
            for (int c : settings.concurrency()) {
                int n = c == 1 ? Math.max(50, settings.httpRequestsPerLevel() / 3) : settings.httpRequestsPerLevel();
                int agentCount = Math.max(c, (n + PER_AGENT - 1) / PER_AGENT);
                List<BenchWorld.BenchAgent> agents = agents(world, agentCount);
                // Each agent's first call makes the runtime's container look its token up once (cold path).
                runConcurrently(c, agents.size(), "c=" + c + ": warming " + agents.size() + " agents",
                        i -> send(client, url + "/check", agents.get(i).token()));

                Load storage = runConcurrently(c, n, "c=" + c + ": storage ceiling, " + n + " transactions",
                        i -> ceiling.commit(agents.get(i % agents.size()), AMOUNT));
                Load http = runConcurrently(c, n, "c=" + c + ": HTTP decisions, " + n + " requests",
                        i -> send(client, url, agents.get(i % agents.size()).token()));

                double ratio = http.perSecond() / storage.perSecond();
                String label = "HTTP end to end, c=" + c;
                report.row(label, "decisions/s", Report.num(http.perSecond(), 0), "");
                report.row(label, "p50 / p99 latency", Report.num(http.p50Ms(), 1) + " / " + Report.num(http.p99Ms(), 1) + " ms", "");
                report.row(label, "storage ceiling tx/s (12 items)", Report.num(storage.perSecond(), 0), "");
                report.row(label, "decisions / ceiling", Report.num(ratio * 100, 0) + " %", ">= 50 %");
                if (http.failures() > 0) report.row(label, "non-201 answers", Integer.toString(http.failures()), "0");
                var o = levels.addObject();
                o.put("concurrency", c);
                o.put("requests", n);
                o.put("agents", agents.size());
                o.put("decisions_per_second", http.perSecond());
                o.put("p50_ms", http.p50Ms());
                o.put("p99_ms", http.p99Ms());
                o.put("non_201", http.failures());
                o.put("ceiling_transactions_per_second", storage.perSecond());
                o.put("ceiling_p50_ms", storage.p50Ms());
                o.put("ceiling_p99_ms", storage.p99Ms());
                o.put("ceiling_cancelled_attempts", storage.retries());
                o.put("ratio", ratio);
            }
            frontOverhead(client, local.baseUrl(), settings, report, json);
        }
    }

    /**
     * The HTTP front's own cost: {@code GET /health} (the fallback handler: no storage, no
     * engine) through the front over loopback, and the same event handed to the same handler
     * in-process. The difference is what the front, the JDK HTTP stack and the client add per
     * request, apart from any decision.
     */
    private static void frontOverhead(HttpClient client, String baseUrl, Settings settings, Report report,
                                      com.fasterxml.jackson.databind.node.ObjectNode json) throws Exception {
        int n = Math.max(200, settings.httpRequestsPerLevel() / 2);
        URI health = URI.create(baseUrl + "/health");
        Load http = runConcurrently(1, n, "front echo over HTTP, " + n + " requests", i -> {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(health).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? 0 : 1;
        });
        var handler = new FallbackHandler();
        Load inProcess = runConcurrently(1, n, "front echo in-process, " + n + " requests", i -> {
            var event = InProcessApi.event("GET", "/health", null, java.util.Map.of(), null, "127.0.0.1");
            return handler.handleRequest(event, null).getStatusCode() == 200 ? 0 : 1;
        });
        double overhead = http.p50Ms() - inProcess.p50Ms();
        String label = "HTTP front overhead, c=1";
        report.row(label, "GET /health over HTTP p50 / p99", Report.num(http.p50Ms(), 2) + " / " + Report.num(http.p99Ms(), 2) + " ms", "");
        report.row(label, "same handler in-process p50", Report.num(inProcess.p50Ms(), 3) + " ms", "");
        report.row(label, "front's own cost (p50 difference)", Report.num(overhead, 2) + " ms", "");
        var o = json.putObject("front_overhead");
        o.put("requests", n);
        o.put("http_p50_ms", http.p50Ms());
        o.put("http_p99_ms", http.p99Ms());
        o.put("in_process_p50_ms", inProcess.p50Ms());
        o.put("overhead_p50_ms", overhead);
    }

    private static List<BenchWorld.BenchAgent> agents(BenchWorld world, int count) throws Exception {
        List<BenchWorld.BenchAgent> agents = Collections.synchronizedList(new ArrayList<>());
        int accounts = (count + AGENTS_PER_ACCOUNT - 1) / AGENTS_PER_ACCOUNT;
        List<Account> list = new ArrayList<>();
        for (int i = 0; i < accounts; i++) list.add(world.account(null));
        runConcurrently(4, count, "creating " + count + " agents",
                i -> {
                    agents.add(world.agent(list.get(i / AGENTS_PER_ACCOUNT), 100_000_000_00L, DecisionPathSection.POLICY));
                    return 0;
                });
        return new ArrayList<>(agents);
    }

    /** One HTTP decision; returns 0 for the expected 201 auto_approved, 1 otherwise. */
    private static int send(HttpClient client, String url, String token) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("authorization", "Bearer " + token).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(BenchWorld.body(AMOUNT, "groceries"))).build();
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            boolean ok = (r.statusCode() == 201 && r.body().contains("\"status\":\"auto_approved\""))
                    || (r.statusCode() == 200 && url.endsWith("/check"));
            return ok ? 0 : 1;
        } catch (Exception e) {
            return 1;
        }
    }

    interface Op {
        /** Runs operation i; returns a count to add up (failures, or retries). */
        int run(int i) throws Exception;
    }

    record Load(int n, long nanos, Latencies latencies, int failures, int retries) {
        double perSecond() { return n * 1e9 / nanos; }
        double p50Ms() { return Latencies.millis(latencies.percentile(50)); }
        double p99Ms() { return Latencies.millis(latencies.percentile(99)); }
    }

    /** Runs {@code n} operations on {@code threads} threads, each timing its own calls. */
    static Load runConcurrently(int threads, int n, String label, Op op) throws Exception {
        Progress progress = new Progress(label, n);
        AtomicInteger next = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        AtomicInteger extra = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Latencies>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                Latencies mine = new Latencies();
                int i;
                while ((i = next.getAndIncrement()) < n) {
                    long s = System.nanoTime();
                    extra.addAndGet(op.run(i));
                    mine.add(System.nanoTime() - s);
                    progress.update(done.incrementAndGet());
                }
                return mine;
            }));
        }
        Latencies all = new Latencies();
        for (Future<Latencies> f : futures) all.addAll(f.get());
        long nanos = System.nanoTime() - t0;
        pool.shutdown();
        progress.done();
        return new Load(n, nanos, all, extra.get(), extra.get());
    }
}
