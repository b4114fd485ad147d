package dev.purser.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.accounts.Account;
import dev.purser.config.AwsClients;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.store.TableDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * every key priming sends is the priming key, it writes nothing, and the per-container caches
 * that would otherwise carry account data into the snapshot stay empty.
 */
class PrimingTest {

    /** Every key of every DynamoDB request, by operation; anything but a keyed read/check fails. */
    static final class KeyRecorder implements ExecutionInterceptor {
        final List<String> keys = new ArrayList<>();
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
                    else if (i.put() != null) keys.add(pk(i.put().item()));
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
        recorder.operations.clear();

        Priming.prime(world.purser);

        assertFalse(recorder.keys.isEmpty(), "priming exercised DynamoDB");
        assertTrue(recorder.operations.containsAll(List.of("GetItemRequest", "BatchGetItemRequest", "TransactWriteItemsRequest")),
                "the decision path's three call shapes: " + recorder.operations);
        recorder.keys.forEach(k -> assertEquals(Priming.KEY, k));
        assertEquals(0, world.purser.reader().rememberedTokens(), "no auth hint cached");
        // Nothing was written under the priming key either: its transaction is always cancelled.
        assertEquals(0, world.purser.dynamo().query(b -> b.tableName(world.purser.table()).consistentRead(true)
                .keyConditionExpression("#pk = :pk").expressionAttributeNames(Map.of("#pk", TableDefinition.PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Priming.KEY)))).count());

        // The handlers built before priming answer the agent's first call as a cold container
        // would: token lookup, batch, transaction (3 round trips), i.e. nothing was pre-cached.
        recorder.operations.clear();
        Resp created = world.api.agentPost("/requests", agent.token(),
                "{\"amount\": 5.00, \"category\": \"software\", \"description\": \"after priming\"}");
        assertEquals(201, created.status(), created.body());
        assertEquals(List.of("GetItemRequest", "BatchGetItemRequest", "TransactWriteItemsRequest"), recorder.operations);
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
