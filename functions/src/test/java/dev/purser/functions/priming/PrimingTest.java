package dev.purser.functions.priming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.accounts.Account;
import dev.purser.config.AwsClients;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.store.TableDefinition;
import dev.purser.store.Keys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * SnapStart priming touches nothing that belongs to an account: run against the shared table,
 * which holds real accounts, agents and tokens (this test makes some and decides a request first),
 * every key priming sends belongs to the priming identity (the priming key itself, or the token,
 * agent and account named {@link Priming#KEY}; the only other keys are the fresh request and
 * event ids of a priming decision's transaction, whose items name the priming account), it
 * writes nothing, and the per-container caches that would otherwise carry account data into the
 * snapshot stay empty.
 */
class PrimingTest {

    /** Every key of every DynamoDB request, by operation; anything but a keyed read/check fails. */
    static final class KeyRecorder implements ExecutionInterceptor {
        final List<String> keys = new ArrayList<>();
        /** Every item a transaction would put: its pk, and the account it names. */
        final List<Map<String, AttributeValue>> puts = new ArrayList<>();
        final List<String> operations = new ArrayList<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            SdkRequest r = context.request();
            operations.add(r.getClass().getSimpleName());
            if (r instanceof GetItemRequest g) {
                keys.add(pk(g.key()));
            } else if (r instanceof BatchGetItemRequest b) {
                b.requestItems().values().forEach(k -> k.keys().forEach(key -> keys.add(pk(key))));
            } else if (r instanceof TransactWriteItemsRequest t) {
                for (TransactWriteItem i : t.transactItems()) {
                    if (i.conditionCheck() != null) keys.add(pk(i.conditionCheck().key()));
                    else if (i.put() != null) {
                        keys.add(pk(i.put().item()));
                        puts.add(i.put().item());
                    }
                    else if (i.update() != null) keys.add(pk(i.update().key()));
                    else keys.add("delete " + i);
                }
            } else {
                keys.add("unexpected operation " + r.getClass().getSimpleName());
            }
        }

        private static String pk(Map<String, AttributeValue> key) {
            return key.get(TableDefinition.PK).s();
        }
    }

    @Test
    void primingReadsOnlyThePrimingKeyAndLeavesNoAccountDataInTheContainer() {
        KeyRecorder recorder = new KeyRecorder();
        World world = new World(recorder);
        // Real data in the table, and a decided request, before priming runs.
        Account account = world.account();
        World.TestAgent agent = world.agent(account, 100, null);
        recorder.keys.clear();
        recorder.puts.clear();
        recorder.operations.clear();

        Priming.prime(world.purser);

        assertFalse(recorder.keys.isEmpty(), "priming exercised DynamoDB");
        assertTrue(recorder.operations.containsAll(List.of("GetItemRequest", "BatchGetItemRequest", "TransactWriteItemsRequest")),
                "the decision path's three call shapes: " + recorder.operations);
        Set<String> primingIdentity = Set.of(Priming.KEY, Keys.token(Priming.KEY), Keys.agent(Priming.KEY),
                Keys.account(Priming.KEY));
        Set<String> fresh = new HashSet<>();
        for (String k : recorder.keys) {
            if (primingIdentity.contains(k)) continue;
            // A priming decision's own new items: a request and its outbox event under fresh ids.
            assertTrue(k.startsWith("REQUEST#") || k.startsWith("EVENT#"), "priming touched " + k);
            fresh.add(k);
        }
        assertTrue(recorder.keys.contains(Keys.agent(Priming.KEY)) && recorder.keys.contains(Keys.account(Priming.KEY))
                && recorder.keys.contains(Keys.token(Priming.KEY)), "priming ran the decision path: " + recorder.keys);
        assertFalse(fresh.isEmpty(), "priming ran a decision's transaction");
        for (Map<String, AttributeValue> put : recorder.puts) {
            String pk = put.get(TableDefinition.PK).s();
            if (primingIdentity.contains(pk)) continue;
            assertEquals(Priming.KEY, put.get("account_id").s(), "a priming item names the priming account: " + put);
        }
        assertFalse(recorder.keys.contains(Keys.agent(agent.id())), "the real agent was never read");
        assertEquals(0, world.purser.reader().rememberedTokens(), "no auth hint cached");
        // Nothing was written under any key priming touched: its transactions are always cancelled.
        Set<String> touched = new HashSet<>(recorder.keys);
        for (String pk : touched) {
            assertEquals(0, world.purser.dynamo().query(b -> b.tableName(world.purser.table()).consistentRead(true)
                    .keyConditionExpression("#pk = :pk").expressionAttributeNames(Map.of("#pk", TableDefinition.PK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))).count(), "written under " + pk);
        }

        // The handlers built before priming answer the agent's first call as a cold container
        // would: token lookup, batch, transaction (3 round trips), i.e. nothing was pre-cached.
        recorder.operations.clear();
        Resp created = world.api.agentPost("/requests", agent.token(),
                "{\"amount\": 5.00, \"category\": \"software\", \"description\": \"after priming\"}");
        assertEquals(201, created.status(), created.body());
        assertEquals(List.of("GetItemRequest", "BatchGetItemRequest", "TransactWriteItemsRequest"), recorder.operations);
    }

    @Test
    void theRehearsalDecidesEveryOutcomeOnItsStageAndNothingReachesTheTable() {
        KeyRecorder recorder = new KeyRecorder();
        World world = new World(recorder);
        Account account = world.account();
        world.agent(account, 100, null);
        int itemsBefore = world.purser.dynamo().scan(b -> b.tableName(world.purser.table()).consistentRead(true)).count();
        recorder.operations.clear();

        List<String> statuses = DecisionRehearsal.run(world.purser, 3);

        assertEquals(Set.of("auto_approved", "pending", "rejected"), new HashSet<>(statuses));
        assertEquals(List.of(), recorder.operations, "the container's client sent nothing");
        assertEquals(itemsBefore, world.purser.dynamo().scan(b -> b.tableName(world.purser.table()).consistentRead(true)).count(),
                "nothing was written");
        assertEquals(0, world.purser.reader().rememberedTokens(), "the container's reader remembers no token");
    }

    /** The stage keeps its own time: a container primed on a weekend night rehearses as on a weekday. */
    @Test
    void theRehearsalAnswersTheSameOnAnyDayAndHour() {
        for (String at : List.of("2026-11-28T08:00:00Z", "2026-11-29T20:00:00Z", "2026-11-23T03:00:00Z")) {
            World world = new World(java.time.Instant.parse(at));
            assertEquals(Set.of("auto_approved", "pending", "rejected"), new HashSet<>(DecisionRehearsal.run(world.purser, 1)), at);
        }
    }

    @Test
    void theRestoreHookRenewsTheHttpClientAndCallsStillWork() {
        World world = new World();
        Priming.register(world.purser);
        int before = AwsClients.http().generation();
        Priming.registered().afterRestore(null);
        assertEquals(before + 1, AwsClients.http().generation());
        Account account = world.account();
        World.TestAgent agent = world.agent(account, 100, null);
        Resp created = world.api.agentPost("/requests", agent.token(),
                "{\"amount\": 5.00, \"category\": \"software\", \"description\": \"after restore\"}");
        assertEquals(201, created.status(), created.body());
    }
}
