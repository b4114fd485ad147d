package dev.purser.commit;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.events.EventType;
import dev.purser.json.Json;
import dev.purser.store.TableDefinition;
import dev.purser.testing.LocalAws;
import dev.purser.testing.WithLocalAws;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** The one write path: labels, all-or-nothing, typed outcomes and DynamoDB's limits, on DynamoDB Local. */
@WithLocalAws
class CommitTest {
    static final String TABLE = LocalAws.TABLE;
    static final Instant NOW = Instant.parse("2026-11-23T15:00:00Z");
    final String pk = "TEST#" + UUID.randomUUID();

    @Test
    void writesEveryItemOrNone(LocalAws aws) {
        var outcome = Commit.in(TABLE)
                .putNew("a", item("A", 1))
                .putNew("b", item("B", 2))
                .event(EventType.REQUEST_PENDING, "acct", Json.object().put("x", 1), NOW)
                .run(aws.dynamo());
        assertInstanceOf(CommitOutcome.Committed.class, outcome);
        assertEquals("2", get(aws, "B").get("v").n());

        // "a" exists now: the second commit fails on it, by label, and writes nothing at all.
        var again = Commit.in(TABLE)
                .putNew("c", item("C", 3))
                .putNew("a-again", item("A", 9))
                .run(aws.dynamo());
        var failed = assertInstanceOf(CommitOutcome.ConditionFailed.class, again);
        assertEquals("a-again", failed.label());
        assertEquals(1, failed.index());
        assertTrue(get(aws, "C").isEmpty(), "a cancelled commit writes nothing");
        assertEquals("1", get(aws, "A").get("v").n());
    }

    @Test
    void aFailedConditionCanCarryTheCurrentItem(LocalAws aws) {
        Commit.in(TABLE).put("seed", item("A", 5)).run(aws.dynamo());
        var outcome = Commit.in(TABLE)
                .conditionCheck("still-small", ConditionCheck.builder().tableName(TABLE).key(key(pk, "A"))
                        .conditionExpression("v < :max").expressionAttributeValues(Map.of(":max", n(3)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build())
                .update("bump", Update.builder().tableName(TABLE).key(key(pk, "B"))
                        .updateExpression("ADD v :one").expressionAttributeValues(Map.of(":one", n(1))).build())
                .run(aws.dynamo());
        var failed = assertInstanceOf(CommitOutcome.ConditionFailed.class, outcome);
        assertEquals("still-small", failed.label());
        assertEquals("5", failed.current().get("v").n());
        assertTrue(get(aws, "B").isEmpty());
    }

    @Test
    void refusesMoreThanAHundredItemsBeforeSending() {
        Commit c = Commit.in(TABLE);
        for (int i = 0; i < Commit.MAX_ITEMS; i++) c.putNew("item-" + i, item("I" + i, i));
        var e = assertThrows(CommitTooLarge.class, () -> c.putNew("one-too-many", item("X", 0)));
        assertTrue(e.getMessage().contains("at most 100 items") && e.getMessage().contains("one-too-many"), e.getMessage());
        assertEquals(100, c.size());
    }

    @Test
    void refusesMoreThanFourMegabytes() {
        Commit c = Commit.in(TABLE);
        String big = "x".repeat(390_000);
        var e = assertThrows(CommitTooLarge.class, () -> {
            for (int i = 0; i < 20; i++) c.put("blob-" + i, withBlob("I" + i, big));
        });
        assertTrue(e.getMessage().contains("at most " + Commit.MAX_BYTES + " bytes"), e.getMessage());
        assertTrue(c.bytes() <= Commit.MAX_BYTES);
        assertEquals(10, c.size());
    }

    @Test
    void refusesTwoActionsOnOneItem() {
        Commit c = Commit.in(TABLE).putNew("first", item("A", 1));
        var e = assertThrows(CommitTooLarge.class, () -> c.update("second", Update.builder().tableName(TABLE)
                .key(key(pk, "A")).updateExpression("ADD v :one").expressionAttributeValues(Map.of(":one", n(1))).build()));
        assertTrue(e.getMessage().contains("'first' and 'second'"), e.getMessage());
    }

    @Test
    void mapsCancellationReasonsToOutcomes() {
        Commit c = Commit.in(TABLE).putNew("a", item("A", 1)).putNew("b", item("B", 1));
        var reasons = java.util.List.of(
                software.amazon.awssdk.services.dynamodb.model.CancellationReason.builder().code("None").build(),
                software.amazon.awssdk.services.dynamodb.model.CancellationReason.builder().code("TransactionConflict").build());
        assertEquals(new CommitOutcome.LostRace("b"), c.outcome(reasons));
        var throttled = java.util.List.of(
                software.amazon.awssdk.services.dynamodb.model.CancellationReason.builder().code("ThrottlingError").build(),
                software.amazon.awssdk.services.dynamodb.model.CancellationReason.builder().code("None").build());
        assertEquals(new CommitOutcome.Throttled("ThrottlingError on a"), c.outcome(throttled));
    }

    private Map<String, AttributeValue> item(String sk, long v) {
        Map<String, AttributeValue> item = new HashMap<>(key(pk, sk));
        item.put("v", n(v));
        item.put(TableDefinition.TTL, n(NOW.plusSeconds(600).getEpochSecond()));
        return item;
    }

    private Map<String, AttributeValue> withBlob(String sk, String blob) {
        Map<String, AttributeValue> item = item(sk, 0);
        item.put("blob", s(blob));
        return item;
    }

    private Map<String, AttributeValue> get(LocalAws aws, String sk) {
        var item = aws.dynamo().getItem(b -> b.tableName(TABLE).consistentRead(true).key(key(pk, sk))).item();
        return item == null ? Map.of() : item;
    }
}
