package dev.purser.functions.disputes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.ledger.store.LedgerAudit;
import dev.purser.operator.OperatorKeys;
import dev.purser.store.Attr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A consumer account paying a provider in another account, and the deployment's operator: the
 * parties of the disputes tests.
 */
final class Parties {
    final World world;
    final World.OwnedAccount consumer;
    final World.OwnedAccount provider;
    final Agent payer;
    final Agent bystander; // another agent of the consumer's account: not a party
    final Agent payee;
    final String operatorKey;

    record Agent(String id, String token, String walletId) {}

    Parties(World world) {
        this.world = world;
        this.consumer = world.ownedAccount();
        this.provider = world.ownedAccount();
        this.payer = agent(consumer, "1000");
        this.bystander = agent(consumer, "1000");
        this.payee = agent(provider, "1000");
        this.operatorKey = new OperatorKeys(world.purser.dynamo(), world.purser.table()).create("test", world.purser.now()).secret();
        ok(200, world.api.post("/v1/wallets/" + payer.walletId() + "/fund", consumer.ownerKey(),
                "{\"amount\": \"500\", \"source\": \"test_faucet\"}"));
    }

    Agent agent(World.OwnedAccount account, String budget) {
        JsonNode r = ok(201, world.api.post("/v1/agents/register", account.ownerKey(),
                "{\"name\": \"a\", \"budget\": \"" + budget + "\", \"policy\": {\"auto_approve\": {\"enabled\": true}}}"));
        return new Agent(r.get("agent_id").asText(), r.get("token").asText(), r.get("wallet_id").asText());
    }

    /**
     * A completed payment payer → payee; returns its id. Money crosses accounts only through the
     * marketplace (a plain payment into another account's wallet is 404: docs/ledger.md), so this is
     * one call of a service of the payee's priced {@code amount}, paid with an x402 payment token
     * and taken to completion.
     */
    String pay(String amount) {
        String name = "svc-" + UUID.randomUUID().toString().substring(0, 10);
        String service = ok(201, world.api.post("/v1/services", payee.token(), "{\"name\": \"" + name
                + "\", \"price_per_call\": \"" + amount + "\", \"endpoint_url\": \"https://" + name + ".example.com/call\"}"))
                .get("id").asText();
        JsonNode token = ok(201, world.api.post("/v1/services/" + service + "/authorize", payer.token(),
                "{\"from_wallet_id\": \"" + payer.walletId() + "\"}"));
        ok(200, world.api.post("/v1/x402/verify", payee.token(), "{\"token\": \"" + token.get("token").asText() + "\"}"));
        String tokenId = token.get("token_id").asText();
        ok(200, world.api.post("/v1/x402/tokens/" + tokenId + "/call-started", payee.token(), null));
        ok(200, world.api.post("/v1/x402/tokens/" + tokenId + "/call-completed", payee.token(), null));
        String id = token.get("payment_id").asText();
        assertEquals("completed", ok(200, world.api.get("/v1/payments/" + id, payer.token())).get("status").asText());
        return id;
    }

    Resp open(String token, String paymentId) {
        return world.api.post("/v1/disputes", token, "{\"payment_id\": \"" + paymentId
                + "\", \"reason\": \"service_not_delivered\", \"description\": \"503 after the token was consumed\"}");
    }

    String openOk(String token, String paymentId) {
        return ok(201, open(token, paymentId)).get("id").asText();
    }

    Resp operator(String action, String disputeId, String body) {
        return world.api.post("/v1/operator/disputes/" + disputeId + "/" + action, operatorKey, body);
    }

    JsonNode balance(String walletId, String key) {
        return ok(200, world.api.get("/v1/wallets/" + walletId + "/balance", key));
    }

    String available(Agent a, World.OwnedAccount owner) {
        return balance(a.walletId(), owner.ownerKey()).get("available").asText();
    }

    /** The types of the outbox events of an account, in no particular order. */
    List<String> events(String accountId) {
        List<String> types = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            var from = start;
            var page = world.purser.dynamo().scan(b -> b.tableName(world.purser.table()).consistentRead(true)
                    .filterExpression("begins_with(pk, :e) AND account_id = :a")
                    .expressionAttributeValues(Map.of(":e", Attr.s("EVENT#"), ":a", Attr.s(accountId)))
                    .exclusiveStartKey(from));
            page.items().forEach(i -> types.add(i.get("type").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return types;
    }

    static JsonNode ok(int status, Resp r) {
        assertEquals(status, r.status(), r.toString());
        return r.json();
    }

    static JsonNode error(int status, String code, Resp r) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(code, r.json().path("code").asText(), r.toString());
        assertFalse(r.json().path("detail").asText().isBlank(), "no detail: " + r);
        return r.json();
    }

    void assertLedgerBalanced() {
        assertEquals(List.of(), LedgerAudit.run(world.purser.dynamo(), world.purser.table()).violations(), "ledger invariants");
    }
}
