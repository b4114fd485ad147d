package dev.purser.functions.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.functions.support.World;
import dev.purser.json.Json;
import dev.purser.operator.OperatorKeys;
import dev.purser.owner.Bootstrap;
import dev.purser.testing.WithLocalAws;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator role: operator keys, and blocking an account (spec §2.8 "Account is blocked"). */
@WithLocalAws
class OperatorTest {
    final World world = new World();
    final String operatorKey = new OperatorKeys(world.purser.dynamo(), world.purser.table())
            .create("test", world.purser.now()).secret();

    @Test
    void aBlockedAccountsAgentsAreRefusedUntilUnblocked() {
        var owned = world.ownedAccount();
        var agent = world.agent(owned.account(), 100, null);
        String block = "/v1/operator/accounts/" + owned.id() + "/block";
        var r = world.api.post(block, operatorKey, null);
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.json().get("blocked").asBoolean());
        for (var answer : new dev.purser.functions.support.Resp[] {
                world.api.agentPost("/requests", agent.token(), "{\"amount\": 1, \"category\": \"gas\"}"),
                world.api.agentPost("/requests/check", agent.token(), "{\"amount\": 1, \"category\": \"gas\"}"),
                world.api.agentGet("/budget", agent.token()),
                world.api.agentGet("/requests", agent.token())}) {
            assertEquals(403, answer.status(), answer.toString());
            assertEquals("Account is blocked", answer.detail());
        }
        // Blocking again is a no-op; the owner API stays usable.
        assertEquals(200, world.api.post(block, operatorKey, null).status());
        assertEquals(200, world.api.get("/v1/account", owned.ownerKey()).status());
        // Blocked wins over the kill switch (spec order), and unblocking leaves the kill switch alone.
        assertEquals(200, world.api.post("/v1/account/kill-switch", owned.ownerKey(), "{\"paused\": true}").status());
        assertEquals("Account is blocked", world.api.agentGet("/budget", agent.token()).detail());
        var u = world.api.post("/v1/operator/accounts/" + owned.id() + "/unblock", operatorKey, null);
        assertEquals(200, u.status(), u.toString());
        assertFalse(u.json().get("blocked").asBoolean());
        assertEquals("All agents are paused by account owner", world.api.agentGet("/budget", agent.token()).detail());
        assertEquals(200, world.api.post("/v1/account/kill-switch", owned.ownerKey(), "{\"paused\": false}").status());
        assertEquals(200, world.api.agentGet("/budget", agent.token()).status());
    }

    @Test
    void onlyAnOperatorKeyMayBlock() {
        var owned = world.ownedAccount();
        var agent = world.agent(owned.account(), 100, null);
        String block = "/v1/operator/accounts/" + owned.id() + "/block";
        for (String wrong : new String[] {null, owned.ownerKey(), agent.token(), "opk_guess"}) {
            var r = world.api.post(block, wrong, null);
            assertEquals(401, r.status(), r.toString());
            assertFalse(r.detail().isEmpty());
        }
        assertFalse(world.accounts.get(owned.id()).blocked());
        var missing = world.api.post("/v1/operator/accounts/acct_nope/block", operatorKey, null);
        assertEquals(404, missing.status(), missing.toString());
        assertEquals("account_not_found", missing.json().get("code").asText());
    }

    @Test
    void theFirstBootstrapOfADeploymentCreatesItsOperatorKeyOnce() {
        String table = "purser-boot-" + java.util.UUID.randomUUID();
        var aws = dev.purser.testing.LocalAws.get();
        dev.purser.store.DynamoTables.createIfMissing(aws.dynamo(), table, dev.purser.store.TableDefinition.PURSER);
        World fresh = new World(aws.env().with(dev.purser.config.Env.TABLE_NAME, table), World.START);
        var first = new Bootstrap(fresh.purser).run(Map.of("account_name", "Ops"));
        assertTrue(first.get("owner_key").asText().startsWith("pk_"), first.toString());
        String key = first.get("operator_key").asText();
        assertTrue(key.startsWith("opk_"), first.toString());
        org.junit.jupiter.api.Assertions.assertThrows(Bootstrap.Refused.class,
                () -> new Bootstrap(fresh.purser).run(Map.of("account_name", "Again")));
        assertEquals(1, fresh.purser.dynamo().scan(b -> b.tableName(table).filterExpression("begins_with(pk, :p)")
                .expressionAttributeValues(Map.of(":p", software.amazon.awssdk.services.dynamodb.model.AttributeValue
                        .fromS("OPERATORKEY#")))).count());
        assertEquals(200, fresh.api.post("/v1/operator/accounts/" + first.get("account_id").asText() + "/block", key, null)
                .status());
    }

    @Test
    void bootstrapMintsAnOperatorKeyThatWorks() {
        var out = new Bootstrap(world.purser).run(Map.of("new_operator_key", true));
        String key = out.get("operator_key").asText();
        assertTrue(key.startsWith("opk_"), out.toString());
        assertFalse(out.has("owner_key"), "only an operator key: " + out);
        var owned = world.ownedAccount();
        assertEquals(200, world.api.post("/v1/operator/accounts/" + owned.id() + "/block", key, null).status());
        assertTrue(world.accounts.get(owned.id()).blocked());
        // Stored only as a digest: the secret appears in no item.
        var scan = world.purser.dynamo().scan(b -> b.tableName(world.purser.table())
                .filterExpression("begins_with(pk, :p)").expressionAttributeValues(Map.of(":p",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("OPERATORKEY#"))));
        assertFalse(Json.write(Json.MAPPER.valueToTree(scan.items().toString())).contains(key));
    }
}
