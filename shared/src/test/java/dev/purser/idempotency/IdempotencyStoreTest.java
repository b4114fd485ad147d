package dev.purser.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.commit.Commit;
import dev.purser.commit.CommitOutcome;
import dev.purser.json.Json;
import dev.purser.testing.LocalAws;
import dev.purser.testing.WithLocalAws;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The one idempotency store on DynamoDB Local: written in a commit, read back, checked. */
@WithLocalAws
class IdempotencyStoreTest {
    static final Instant NOW = Instant.parse("2026-11-23T15:00:00Z");
    final IdempotencyKey key = IdempotencyKey.forAgent("agent_" + UUID.randomUUID(), "k-1");
    final Fingerprint fingerprint = Fingerprint.of("POST /things", Json.parseTrusted("{\"a\": 1, \"b\": [2]}"));

    @Test
    void aCommittedRecordReplaysTheSameCallAndRefusesAnother(LocalAws aws) {
        IdempotencyStore store = new IdempotencyStore(aws.dynamo(), LocalAws.TABLE);
        var record = IdempotencyRecord.completed(key, fingerprint, new StoredResponse(201, "{\"id\":\"x\"}"), NOW);
        assertTrue(Commit.in(LocalAws.TABLE).idempotency(record).run(aws.dynamo()).committed());

        Optional<IdempotencyRecord> found = store.find(key);
        assertEquals(record, found.orElseThrow());
        var sameBodyOtherOrder = Fingerprint.of("POST /things", Json.parseTrusted("{\"b\": [2], \"a\": 1}"));
        var replay = assertInstanceOf(IdempotencyCheck.Replay.class, IdempotencyStore.check(found, sameBodyOtherOrder, NOW));
        assertEquals(new StoredResponse(201, "{\"id\":\"x\"}"), replay.response());
        assertInstanceOf(IdempotencyCheck.KeyReused.class,
                IdempotencyStore.check(found, Fingerprint.of("POST /things", Json.parseTrusted("{\"a\": 2}")), NOW));
        assertInstanceOf(IdempotencyCheck.KeyReused.class,
                IdempotencyStore.check(found, Fingerprint.of("POST /other", fingerprint.body()), NOW));
        assertInstanceOf(IdempotencyCheck.Proceed.class, IdempotencyStore.check(Optional.empty(), fingerprint, NOW));
    }

    @Test
    void aLiveRecordCannotBeOverwrittenButAnExpiredOneCan(LocalAws aws) {
        var first = IdempotencyRecord.completed(key, fingerprint, new StoredResponse(200, "{}"), NOW);
        assertTrue(Commit.in(LocalAws.TABLE).idempotency(first).run(aws.dynamo()).committed());
        var second = IdempotencyRecord.completed(key, fingerprint, new StoredResponse(400, "{}"), NOW.plusSeconds(60));
        var lost = assertInstanceOf(CommitOutcome.ConditionFailed.class,
                Commit.in(LocalAws.TABLE).idempotency(second).run(aws.dynamo()));
        assertEquals(Commit.IDEMPOTENCY, lost.label());

        Instant later = NOW.plus(IdempotencyRecord.TTL).plus(Duration.ofMinutes(1));
        IdempotencyStore store = new IdempotencyStore(aws.dynamo(), LocalAws.TABLE);
        assertInstanceOf(IdempotencyCheck.Proceed.class, IdempotencyStore.check(store.find(key), fingerprint, later));
        var third = IdempotencyRecord.completed(key, fingerprint, new StoredResponse(201, "{}"), later);
        assertTrue(Commit.in(LocalAws.TABLE).idempotency(third).run(aws.dynamo()).committed());
        assertEquals(201, store.find(key).orElseThrow().response().statusCode());
    }
}
