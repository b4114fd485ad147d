package dev.purser.bench;

import dev.purser.retry.Retry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The bench's table chores: seeding items fast (BatchWriteItem, 4 threads) and reading a whole run's table back. */
final class Seeder {
    private static final int THREADS = 4;
    private static final int BATCH = 25;

    private Seeder() {}

    /**
     * Writes the items of {@code count} seeded things ({@code itemsOf.apply(i)}: one thing's items, at
     * most 25), in batches of up to 25 on 4 threads, reporting progress per thing.
     */
    static void seed(DynamoDbClient dynamo, String table, int count, String label,
                     IntFunction<List<Map<String, AttributeValue>>> itemsOf) throws Exception {
        if (count <= 0) return;
        Progress progress = new Progress(label, count);
        AtomicLong written = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int from = count * t / THREADS, to = count * (t + 1) / THREADS;
                futures.add(pool.submit(() -> {
                    List<WriteRequest> batch = new ArrayList<>(BATCH);
                    int things = 0;
                    for (int i = from; i < to; i++) {
                        List<Map<String, AttributeValue>> items = itemsOf.apply(i);
                        if (batch.size() + items.size() > BATCH) {
                            write(dynamo, table, batch);
                            progress.update(written.addAndGet(things));
                            batch = new ArrayList<>(BATCH);
                            things = 0;
                        }
                        for (var item : items) batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(new HashMap<>(item)).build()).build());
                        things++;
                    }
                    if (!batch.isEmpty()) {
                        write(dynamo, table, batch);
                        progress.update(written.addAndGet(things));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdown();
        }
        progress.done();
    }

    /** One BatchWriteItem, its unprocessed items written again in the bounded {@link Retry} loop. */
    static void write(DynamoDbClient dynamo, String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        for (int attempt : Retry.attempts(Retry.ATTEMPTS)) {
            Map<String, List<WriteRequest>> request = pending;
            Map<String, List<WriteRequest>> unprocessed = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            if (unprocessed == null || unprocessed.isEmpty()) return;
            pending = unprocessed;
        }
        throw new IllegalStateException("seeding kept coming back unprocessed");
    }

    /** Every item of the table, by one strongly consistent scan (a run's table is the run's own). */
    static void scan(DynamoDbClient dynamo, String table, Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(b -> b.tableName(table).consistentRead(true).exclusiveStartKey(from));
            page.items().forEach(each);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    /** Runs {@code worker} on {@code clients} threads at once and waits for all; the seconds it took. */
    static double concurrently(int clients, Callable<Void> worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> workers = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int w = 0; w < clients; w++) workers.add(pool.submit(worker));
            for (Future<?> f : workers) f.get();
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            pool.shutdown();
        }
    }
}
