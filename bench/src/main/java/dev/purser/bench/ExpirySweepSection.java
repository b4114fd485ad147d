package dev.purser.bench;

import dev.purser.config.Env;
import dev.purser.requests.ExpirySweep;
import dev.purser.requests.PurchaseRequest;
import dev.purser.requests.RequestItems;
import dev.purser.requests.RequestStatus;
import dev.purser.time.Windows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The expiry sweep on its own table: pending request items are seeded directly with BatchWriteItem
 * in exactly the shape {@link RequestItems#toItem} gives them (much faster than the API), most of
 * them not due, then the sweep runs twice, on D and on D/10 due requests among the same not-due
 * ones. The sweep reads only the sparse {@code due} index, so its time per due request should be
 * the same in both runs and its total proportional to the due count.
 */
final class ExpirySweepSection {
    private static final String TABLE = "purser-bench-sweep";
    private static final Instant NOW = Instant.parse("2026-11-23T15:00:00Z");
    private static final int AGENTS = 100;

    void run(Settings settings, Env env, Report report) throws Exception {
        RoundTrips trips = new RoundTrips();
        BenchWorld world = new BenchWorld(env, TABLE, Clock.fixed(NOW, ZoneId.of("UTC")), trips);
        DynamoDbClient dynamo = world.purser.dynamo();
        String accountId = "acct_sweep_" + UUID.randomUUID().toString().substring(0, 8);
        int notDue = settings.sweepNotDue();
        int[] dueCounts = {settings.sweepDue(), settings.sweepDue() / 10};
        long seedStart = System.nanoTime();
        seed(dynamo, accountId, notDue, NOW.plus(Duration.ofDays(1)), "seeding " + notDue + " not-due pending requests");
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        var json = report.section("expiry_sweep");
        json.put("not_due", notDue);
        json.put("seed_seconds", seedSeconds);
        ExpirySweep sweep = new ExpirySweep(world.purser.queries(), world.purser.lifecycle());
        var runs = json.putArray("runs");
        for (int due : dueCounts) {
            seed(dynamo, accountId, due, NOW.minus(Duration.ofMinutes(1)), "seeding " + due + " due pending requests");
            Progress progress = new Progress("sweeping " + due + " due among " + notDue + " not due", due);
            trips.reset();
            int expired = 0;
            long t0 = System.nanoTime();
            // In slices of 500 only to draw progress; one unbounded call does the same work.
            while (true) {
                ExpirySweep.Result r = sweep.sweep(NOW, 500);
                expired += r.expired();
                progress.update(expired);
                if (r.expired() == 0) break;
            }
            long nanos = System.nanoTime() - t0;
            progress.done();
            int roundTrips = trips.reset();
            double seconds = nanos / 1e9;
            double perRequestMs = nanos / 1e6 / Math.max(1, expired);
            String label = "Expiry sweep: " + due + " due / " + notDue + " not due";
            report.row(label, "time to expire all due", Report.num(seconds, 2) + " s", "");
            report.row(label, "per due request", Report.num(perRequestMs, 2) + " ms", "~constant");
            report.row(label, "DynamoDB round trips per due request", Report.num(roundTrips / (double) Math.max(1, expired), 2), "");
            var o = runs.addObject();
            o.put("due", due);
            o.put("expired", expired);
            o.put("seconds", seconds);
            o.put("ms_per_due_request", perRequestMs);
            o.put("round_trips", roundTrips);
            if (expired != due) report.row(label, "UNEXPECTED expired count", Integer.toString(expired), Integer.toString(due));
        }
    }

    /** Writes {@code count} pending requests expiring at {@code expiresAt}, 25 per batch on 4 threads. */
    private static void seed(DynamoDbClient dynamo, String accountId, int count, Instant expiresAt, String label) throws Exception {
        Windows windows = Windows.of(NOW, ZoneId.of("America/New_York"));
        Seeder.seed(dynamo, TABLE, count, label, i -> List.of(RequestItems.toItem(new PurchaseRequest(UUID.randomUUID().toString(),
                "agt_sweep_" + (i % AGENTS), accountId, RequestStatus.PENDING, 1_00 + i % 5_000, "USD", "groceries", null, "Shop",
                "seeded by bench", null, "{\"passed\":true,\"checks\":[]}", NOW.minus(Duration.ofMinutes(31)), null, expiresAt,
                null, null, null, null, windows, List.of()))));
    }
}
