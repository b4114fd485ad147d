package dev.purser.functions.spendguard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.accounts.Account;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.store.Attr;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Windows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One owned account with an agent, and the calls SpendGuard tests make. */
final class Guarded {
    final World world;
    final World.OwnedAccount owned;
    final Account account;
    final World.TestAgent agent;

    Guarded(World world, long budgetUnits, String policyJson) {
        this.world = world;
        this.owned = world.ownedAccount();
        this.account = owned.account();
        this.agent = world.agent(account, budgetUnits, policyJson);
    }

    Resp owner(String method, String path, String body) {
        return world.api.call(method, path, owned.ownerKey(), body, Map.of());
    }

    Resp owner(String method, String path, String body, String idempotencyKey) {
        return world.api.call(method, path, owned.ownerKey(), body, Map.of("Idempotency-Key", idempotencyKey));
    }

    Resp asAgent(String method, String path, String body) {
        return world.api.call(method, path, agent.token(), body, Map.of());
    }

    static JsonNode ok(int status, Resp r) {
        assertEquals(status, r.status(), r.toString());
        return r.json();
    }

    /** The agent's or account's {@code used} in today's day window (0 when absent). */
    long dayUsed(boolean ofAgent) {
        return counter(ofAgent ? Keys.agent(agent.id()) : Keys.account(account.id()),
                Keys.windowSk("USD", Windows.DAY, Windows.of(world.purser.now(), account.zone()).day()), "used");
    }

    long counter(String pk, String sk, String attr) {
        var item = world.purser.dynamo().getItem(b -> b.tableName(world.purser.table()).consistentRead(true)
                .key(Attr.key(pk, sk))).item();
        return item == null || item.isEmpty() ? 0 : Attr.num(item, attr);
    }

    /**
     * Every item of this account (its partitions, its agents', and any item naming it: requests,
     * reservations, tokens, events), keyed and rendered, so "writes nothing" is a map equality.
     */
    Map<String, String> snapshot() {
        Map<String, String> out = new TreeMap<>();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> last = null;
        do {
            Map<String, AttributeValue> from = last;
            var page = world.purser.dynamo().scan(b -> b.tableName(world.purser.table()).consistentRead(true)
                    .filterExpression("account_id = :acc OR begins_with(#pk, :accpk) OR begins_with(#pk, :agpk)")
                    .expressionAttributeNames(Map.of("#pk", TableDefinition.PK))
                    .expressionAttributeValues(Map.of(":acc", AttributeValue.fromS(account.id()),
                            ":accpk", AttributeValue.fromS(Keys.account(account.id())),
                            ":agpk", AttributeValue.fromS(Keys.agent(agent.id()))))
                    .exclusiveStartKey(from));
            items.addAll(page.items());
            last = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (last != null);
        for (var item : items) {
            out.put(Attr.str(item, TableDefinition.PK) + "|" + Attr.str(item, TableDefinition.SK), new TreeMap<>(item).toString());
        }
        return out;
    }

    List<Map<String, AttributeValue>> items(String pkPrefix) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> last = null;
        do {
            Map<String, AttributeValue> from = last;
            var page = world.purser.dynamo().scan(b -> b.tableName(world.purser.table()).consistentRead(true)
                    .filterExpression("account_id = :acc AND begins_with(#pk, :p)")
                    .expressionAttributeNames(Map.of("#pk", TableDefinition.PK))
                    .expressionAttributeValues(Map.of(":acc", AttributeValue.fromS(account.id()), ":p", AttributeValue.fromS(pkPrefix)))
                    .exclusiveStartKey(from));
            out.addAll(page.items());
            last = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (last != null);
        return out;
    }

    /**
     * What the account's leases weigh (docs/invariants.md §11): on the parent ({@link #agent}) its
     * held part ({@code amount - spent} while active, {@code held} once closed) and its spent part;
     * on the account, root leases only (a sub-lease is carved from its parent's lease).
     */
    LeaseWeights leaseWeights() {
        long accountWeight = 0;
        long parentHeld = 0;
        long parentSpent = 0;
        for (var item : items("LEASE#")) {
            if (!"LEASE".equals(Attr.str(item, TableDefinition.SK))) continue;
            boolean active = "active".equals(Attr.str(item, "status"));
            long amount = Attr.num(item, "amount");
            long h = Attr.num(item, "held");
            long s = Attr.num(item, "spent");
            long weightHeld = active ? amount - s : h;
            if (agent.id().equals(Attr.str(item, "parent_agent"))) {
                parentHeld += weightHeld;
                parentSpent += s;
            }
            if (Attr.str(item, "parent_lease_id") == null) accountWeight += weightHeld + s;
        }
        return new LeaseWeights(parentHeld, parentSpent, accountWeight);
    }

    record LeaseWeights(long parentHeld, long parentSpent, long account) {}
}
