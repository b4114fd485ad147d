package dev.purser.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Plays Lambda's DynamoDB Streams event source mapping for the outbox relay: reads every shard of
 * the table's stream and hands the records to the relay handler as a {@link DynamodbEvent}.
 *
 * <p>Position: where each shard was read up to is remembered (in a file when the runtime has a
 * data directory), so events written while the runtime was down are relayed at the next start; a
 * shard never seen starts at TRIM_HORIZON. A batch item failure makes the shard resume at the
 * failed record, like {@code ReportBatchItemFailures}. Relaying twice is harmless: the dispatcher
 * never re-sends a delivered event.
 *
 * <p>Crash safety: the webhook queue of the local runtime lives in memory, so a position is written
 * to the file only once everything relayed up to it has been handled by the dispatcher
 * ({@link QueuePoller#handledEverythingSentBefore}); from then on the delivery records remember
 * what is left. A crash before that re-relays those events at the next start (at least once; the
 * dispatcher skips deliveries already made).
 */
public final class StreamPoller {
    static final int BATCH = 100;
    private static final long SHARDS_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final DynamoDbStreamsClient streams;
    private final DynamoDbClient dynamo;
    private final String table;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> relay;
    private final Path positionFile;
    /** shard id → "after:<seq>" (resume after it) or "at:<seq>" (resume at it, a failed record). */
    private final Map<String, String> positions = new TreeMap<>();
    private final Map<String, String> iterators = new TreeMap<>();
    private final java.util.Set<String> finished = new java.util.HashSet<>();
    private final Drained drained;
    /** Positions relayed but not yet known to be handled, and when they were taken. */
    private Map<String, String> candidate;
    private long candidateTakenAt;
    private Map<String, String> saved = Map.of();
    private String streamArn;
    private List<Shard> shards;
    private long shardsListedAt;

    /** Whether everything sent to the queue before a moment has been handled once. */
    public interface Drained {
        boolean handledEverythingSentBefore(long nanoTime);
    }

    public StreamPoller(DynamoDbStreamsClient streams, DynamoDbClient dynamo, String table,
                        RequestHandler<DynamodbEvent, StreamsEventResponse> relay, Path positionFile) {
        this(streams, dynamo, table, relay, positionFile, nanoTime -> true);
    }

    /** @param drained when a position may be written (null or always-true: at once) */
    public StreamPoller(DynamoDbStreamsClient streams, DynamoDbClient dynamo, String table,
                        RequestHandler<DynamodbEvent, StreamsEventResponse> relay, Path positionFile, Drained drained) {
        this.drained = drained == null ? nanoTime -> true : drained;
        this.streams = streams;
        this.dynamo = dynamo;
        this.table = table;
        this.relay = relay;
        this.positionFile = positionFile;
        load();
    }

    /** Reads each shard once; returns how many records were handed to the relay. */
    public synchronized int pollOnce() {
        if (streamArn == null) streamArn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        // The shard list changes when a shard closes (its child appears): listed again then, and at
        // least every SHARDS_MAX_AGE_NANOS, not at every poll (4 polls a second, most of them idle).
        if (shards == null || System.nanoTime() - shardsListedAt > SHARDS_MAX_AGE_NANOS) {
            shards = shards(streamArn);
            shardsListedAt = System.nanoTime();
        }
        int handled = 0;
        int finishedBefore = finished.size();
        for (Shard shard : shards) {
            if (finished.contains(shard.shardId())) continue;
            // A child shard is read only once its parent is finished, to keep order per item.
            if (shard.parentShardId() != null && iterators.containsKey(shard.parentShardId())
                    && !finished.contains(shard.parentShardId())) continue;
            handled += pollShard(streamArn, shard.shardId());
        }
        if (finished.size() != finishedBefore) shards = null;
        checkpoint();
        return handled;
    }

    private int pollShard(String streamArn, String shardId) {
        String iterator = iterators.get(shardId);
        if (iterator == null) iterator = startIterator(streamArn, shardId);
        String it = iterator;
        GetRecordsResponse r = streams.getRecords(b -> b.shardIterator(it).limit(BATCH));
        List<Record> records = r.records();
        if (r.nextShardIterator() == null) finished.add(shardId);
        iterators.put(shardId, r.nextShardIterator());
        if (records.isEmpty()) return 0;
        StreamsEventResponse response = relay.handleRequest(StreamRecords.event(records, streamArn), null);
        if (response != null && response.getBatchItemFailures() != null && !response.getBatchItemFailures().isEmpty()) {
            String first = response.getBatchItemFailures().get(0).getItemIdentifier();
            positions.put(shardId, "at:" + first);
            iterators.remove(shardId);
            finished.remove(shardId);
        } else {
            positions.put(shardId, "after:" + records.get(records.size() - 1).dynamodb().sequenceNumber());
        }
        return records.size();
    }

    private String startIterator(String streamArn, String shardId) {
        String pos = positions.get(shardId);
        if (pos == null) {
            return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        }
        boolean at = pos.startsWith("at:");
        String seq = pos.substring(pos.indexOf(':') + 1);
        return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId).sequenceNumber(seq)
                .shardIteratorType(at ? ShardIteratorType.AT_SEQUENCE_NUMBER : ShardIteratorType.AFTER_SEQUENCE_NUMBER))
                .shardIterator();
    }

    private List<Shard> shards(String streamArn) {
        List<Shard> out = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            var d = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(from)).streamDescription();
            out.addAll(d.shards());
            start = d.lastEvaluatedShardId();
        } while (start != null);
        return out;
    }

    /** Writes the latest position that is known to be handled; takes a new candidate when there is none. */
    private void checkpoint() {
        if (candidate != null && drained.handledEverythingSentBefore(candidateTakenAt)) {
            save(candidate);
            saved = candidate;
            candidate = null;
        }
        if (candidate == null && !positions.equals(saved)) {
            candidate = Map.copyOf(positions);
            candidateTakenAt = System.nanoTime();
            if (drained.handledEverythingSentBefore(candidateTakenAt)) checkpoint();
        }
    }

    private void load() {
        if (positionFile == null || !Files.exists(positionFile)) return;
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(positionFile)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + positionFile, e);
        }
        p.forEach((k, v) -> positions.put((String) k, (String) v));
        saved = Map.copyOf(positions);
    }

    private void save(Map<String, String> toSave) {
        if (positionFile == null) return;
        Properties p = new Properties();
        p.putAll(toSave);
        try {
            Files.createDirectories(positionFile.getParent());
            Path tmp = positionFile.resolveSibling(positionFile.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "outbox relay: stream position per shard");
            }
            DataDir.sync(tmp);
            Files.move(tmp, positionFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + positionFile, e);
        }
    }
}
