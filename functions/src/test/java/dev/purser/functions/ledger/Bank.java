package dev.purser.functions.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.ledger.store.LedgerAudit;
import java.util.Map;

/** One owner account on the money endpoints: agents with their default wallets, funding, payments. */
final class Bank {
    final World world;
    final World.OwnedAccount account;

    Bank(World world) {
        this.world = world;
        this.account = world.ownedAccount();
    }

    String key() { return account.ownerKey(); }

    /** A registered agent: id, token and default wallet. */
    record Agent(String id, String token, String walletId) {}

    static final String AUTO = "{\"auto_approve\": {\"enabled\": true}}";
    static final String ASK_ABOVE_10 = "{\"auto_approve\": {\"enabled\": true, \"max_amount\": 10}}";

    Agent agent(String budget, String policyJson) {
        String body = "{\"name\": \"payer\", \"budget\": \"" + budget + "\"" + (policyJson == null ? "" : ", \"policy\": " + policyJson) + "}";
        JsonNode r = ok(201, world.api.post("/v1/agents/register", key(), body));
        return new Agent(r.get("agent_id").asText(), r.get("token").asText(), r.get("wallet_id").asText());
    }

    JsonNode fund(String walletId, String amount) {
        return ok(200, world.api.post("/v1/wallets/" + walletId + "/fund", key(),
                "{\"amount\": \"" + amount + "\", \"source\": \"test_faucet\"}"));
    }

    JsonNode balance(String walletId) {
        return ok(200, world.api.get("/v1/wallets/" + walletId + "/balance", key()));
    }

    int lines(String walletId) {
        return ok(200, world.api.get("/v1/wallets/" + walletId + "/transactions?limit=100", key())).get("transactions").size();
    }

    Resp pay(String token, String body) {
        return world.api.post("/v1/payments", token, body);
    }

    Resp pay(String token, String body, String idempotencyKey) {
        return world.api.call("POST", "/v1/payments", token, body, Map.of("idempotency-key", idempotencyKey));
    }

    static String external(String walletId, String amount) {
        return "{\"from_wallet_id\": \"" + walletId + "\", \"to_external\": \"merchant:demo\", \"amount\": \"" + amount
                + "\", \"currency\": \"USD\", \"description\": \"tool purchase\"}";
    }

    static String external(String walletId, String amount, String rail) {
        return "{\"from_wallet_id\": \"" + walletId + "\", \"to_external\": \"merchant:demo\", \"amount\": \"" + amount
                + "\", \"currency\": \"USD\", \"rail\": \"" + rail + "\"}";
    }

    static String toWallet(String from, String to, String amount) {
        return "{\"from_wallet_id\": \"" + from + "\", \"to_wallet_id\": \"" + to + "\", \"amount\": \"" + amount + "\"}";
    }

    static JsonNode ok(int status, Resp r) {
        assertEquals(status, r.status(), r.toString());
        return r.json();
    }

    static JsonNode error(int status, String code, Resp r) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(code, r.json().path("code").asText(), r.toString());
        if (r.json().path("detail").asText().isBlank()) throw new AssertionError("no detail: " + r);
        return r.json();
    }

    void assertLedgerBalanced() {
        var report = LedgerAudit.run(world.purser.dynamo(), world.purser.table());
        assertEquals(java.util.List.of(), report.violations(), "ledger invariants");
    }
}
