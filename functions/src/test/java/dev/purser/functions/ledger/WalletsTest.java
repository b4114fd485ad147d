package dev.purser.functions.ledger;

import static dev.purser.functions.ledger.Bank.error;
import static dev.purser.functions.ledger.Bank.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.config.Purser;
import dev.purser.functions.Handlers;
import dev.purser.functions.InProcessApi;
import dev.purser.functions.support.TestApi;
import dev.purser.functions.support.World;
import dev.purser.testing.LocalAws;
import dev.purser.testing.WithLocalAws;
import org.junit.jupiter.api.Test;

@WithLocalAws
class WalletsTest {
    final World world = new World();
    final Bank bank = new Bank(world);

    @Test
    void registrationGivesADefaultWalletThatFundsAndLists() {
        Bank.Agent a = bank.agent("100", null);
        JsonNode w = ok(200, world.api.get("/v1/wallets/" + a.walletId(), a.token()));
        assertEquals("USD", w.get("currency").asText());
        assertEquals(true, w.get("is_default").asBoolean());
        JsonNode b = bank.balance(a.walletId());
        assertEquals("0.00", b.get("balance").asText());

        JsonNode funded = ok(200, world.api.post("/v1/wallets/" + a.walletId() + "/fund", a.token(),
                "{\"amount\": 100, \"source\": \"test_faucet\"}"));
        assertEquals("100.00", funded.get("balance").asText());
        b = bank.balance(a.walletId());
        assertEquals("100.00", b.get("balance").asText());
        assertEquals("0.00", b.get("pending").asText());
        assertEquals("100.00", b.get("available").asText());
        JsonNode lines = ok(200, world.api.get("/v1/wallets/" + a.walletId() + "/transactions", a.token()));
        assertEquals(1, lines.get("transactions").size());
        assertEquals("credit", lines.get("transactions").get(0).get("direction").asText());
        assertEquals("funding", lines.get("transactions").get(0).get("kind").asText());
        bank.assertLedgerBalanced();
    }

    @Test
    void repeatedRegistrationFindsTheSameDefaultWallet() {
        String body = "{\"name\": \"x\", \"external_id\": \"ext-" + java.util.UUID.randomUUID() + "\"}";
        JsonNode first = ok(201, world.api.post("/v1/agents/register", bank.key(), body));
        JsonNode again = ok(200, world.api.post("/v1/agents/register", bank.key(), body));
        assertEquals(first.get("wallet_id").asText(), again.get("wallet_id").asText());
    }

    @Test
    void ownerCreatesWalletsForAnAgentInACurrency() {
        Bank.Agent a = bank.agent("0", null);
        JsonNode eur = ok(201, world.api.post("/v1/wallets", bank.key(), "{\"agent_id\": \"" + a.id() + "\", \"currency\": \"EUR\"}"));
        assertEquals("EUR", eur.get("currency").asText());
        assertNotEquals(a.walletId(), eur.get("id").asText());
        JsonNode list = ok(200, world.api.get("/v1/wallets", a.token()));
        assertEquals(2, list.get("wallets").size());
        error(422, "validation_error", world.api.post("/v1/wallets", bank.key(), "{\"agent_id\": \"" + a.id() + "\", \"currency\": \"XXX\"}"));
        error(422, "validation_error", world.api.post("/v1/wallets", bank.key(), "{\"currency\": \"EUR\"}"));
        error(404, "agent_not_found", world.api.post("/v1/wallets", bank.key(), "{\"agent_id\": \"agt_nope\"}"));
        // Funding in another currency than the wallet's is refused: nothing converts.
        error(422, "validation_error", world.api.post("/v1/wallets/" + eur.get("id").asText() + "/fund", bank.key(),
                "{\"amount\": 5, \"currency\": \"USD\"}"));
    }

    @Test
    void tenantIsolationOnWallets() {
        Bank.Agent a = bank.agent("0", null);
        Bank.Agent sibling = bank.agent("0", null);
        Bank other = new Bank(world);
        error(404, "wallet_not_found", world.api.get("/v1/wallets/" + a.walletId(), other.key()));
        error(404, "wallet_not_found", world.api.get("/v1/wallets/" + a.walletId() + "/balance", other.key()));
        error(404, "wallet_not_found", world.api.get("/v1/wallets/" + a.walletId() + "/transactions", other.key()));
        error(404, "wallet_not_found", world.api.post("/v1/wallets/" + a.walletId() + "/fund", other.key(), "{\"amount\": 1}"));
        error(404, "wallet_not_found", world.api.get("/v1/wallets/" + a.walletId(), sibling.token()));
        error(404, "wallet_not_found", world.api.get("/v1/wallets/wal_doesnotexist", bank.key()));
        error(401, "unauthorized", world.api.get("/v1/wallets/" + a.walletId(), "agt_forged"));
        error(401, "unauthorized", world.api.get("/v1/wallets/" + a.walletId(), null));
    }

    @Test
    void badFundingChangesNothing() {
        Bank.Agent a = bank.agent("0", null);
        String path = "/v1/wallets/" + a.walletId() + "/fund";
        for (String body : new String[] {"{\"amount\": -5}", "{\"amount\": 0}", "{\"amount\": 1.005}", "{\"amount\": \"abc\"}",
                "{\"amount\": 5, \"source\": \"bank\"}", "{\"amount\": 5,", "[1]", "{}", "{\"amount\": 5, \"surprise\": 1}"}) {
            error(422, "validation_error", world.api.post(path, bank.key(), body));
        }
        error(413, "body_too_large", world.api.post(path, bank.key(), "{\"amount\": 5, \"source\": \"" + "x".repeat(70_000) + "\"}"));
        error(422, "validation_error", world.api.post(path, bank.key(), "{\"amount\": 1000.01}")); // above the per-call cap
        assertEquals(0, bank.lines(a.walletId()));
        assertEquals("0.00", bank.balance(a.walletId()).get("balance").asText());
    }

    @Test
    void dailyFaucetCapAndIdempotentFunding() {
        Bank.Agent a = bank.agent("0", null);
        for (int i = 0; i < 10; i++) bank.fund(a.walletId(), "1000");
        error(429, "faucet_daily_cap", world.api.post("/v1/wallets/" + a.walletId() + "/fund", bank.key(), "{\"amount\": 0.01}"));
        assertEquals("10000.00", bank.balance(a.walletId()).get("balance").asText());

        Bank.Agent b = bank.agent("0", null);
        var headers = java.util.Map.of("idempotency-key", "fund-1");
        var r1 = world.api.call("POST", "/v1/wallets/" + b.walletId() + "/fund", bank.key(), "{\"amount\": 7}", headers);
        var r2 = world.api.call("POST", "/v1/wallets/" + b.walletId() + "/fund", bank.key(), "{\"amount\": 7}", headers);
        assertEquals(200, r1.status(), r1.toString());
        assertEquals("true", r2.headers().get("idempotent-replayed"), r2.toString());
        assertEquals("7.00", bank.balance(b.walletId()).get("balance").asText());
        error(422, "idempotency_key_reused",
                world.api.call("POST", "/v1/wallets/" + b.walletId() + "/fund", bank.key(), "{\"amount\": 8}", headers));
    }

    @Test
    void fundingIsRefusedOutsideSandboxMode() {
        LocalAws aws = LocalAws.get();
        Purser production = new Purser(aws.env().with("PURSER_SANDBOX", "false"), world.clock, world.purser.dynamo());
        TestApi api = new TestApi(new InProcessApi(new Handlers(production)));
        Bank.Agent a = bank.agent("0", null);
        error(403, "sandbox_only", api.post("/v1/wallets/" + a.walletId() + "/fund", bank.key(), "{\"amount\": 5}"));
        // Without connectors, only the internal rail exists.
        error(422, "SETTLEMENT_NOT_CONFIGURED", api.post("/v1/payments", a.token(), Bank.external(a.walletId(), "1.00", "ach")));
        assertEquals(0, bank.lines(a.walletId()));
    }
}
