package dev.purser.functions.x402;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.accounts.Account;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.store.Attr;
import dev.purser.store.Keys;
import dev.purser.testing.WithLocalAws;
import dev.purser.time.Windows;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The x402 router (spec §4) end to end through the in-process API Gateway, on DynamoDB Local. */
@WithLocalAws
class X402RouterTest {
    final World world = new World();
    final Account account = world.account();

    /** The body LetAgentPay's SDKs send: {@code amount = round(max_amount_usd × 1e6)}. */
    static String authorizeBody(String amountUsd, String network, String asset, String resource, String category) {
        String atomic = new BigDecimal(amountUsd).movePointRight(6).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
        return "{\"payment_requirements\": {\"scheme\": \"exact\", \"network\": \"" + network + "\", \"amount\": \"" + atomic + "\","
                + " \"asset\": \"" + asset + "\", \"pay_to\": \"0xabc\""
                + (resource == null ? "" : ", \"resource\": \"" + resource + "\"") + "},"
                + " \"max_amount_usd\": " + amountUsd + (category == null ? "" : ", \"category\": \"" + category + "\"") + "}";
    }

    Resp authorize(String token, String amountUsd) {
        return authorize(token, amountUsd, "eip155:84532", "https://api.example.com/v1/data", null);
    }

    Resp authorize(String token, String amountUsd, String network, String resource, String category) {
        return world.api.post("/api/v1/x402/authorize", token, authorizeBody(amountUsd, network, "USDC", resource, category));
    }

    static void declined(Resp r, String reason) {
        assertEquals(200, r.status(), r.toString());
        assertFalse(r.json().get("authorized").asBoolean(), r.toString());
        assertEquals(reason, r.json().get("reason").asText());
        assertTrue(r.json().get("authorization_id").isNull());
        assertTrue(r.json().get("expires_at").isNull());
    }

    Map<String, AttributeValue> item(String pk, String sk) {
        return world.purser.dynamo().getItem(b -> b.tableName(world.purser.table()).consistentRead(true)
                .key(Attr.key(pk, sk))).item();
    }

    long windowUsed(String pk) {
        Windows w = Windows.of(world.purser.now(), account.zone());
        var it = item(pk, Keys.windowSk("USD", Windows.DAY, w.day()));
        return it == null || it.isEmpty() ? 0 : Attr.num(it, "used");
    }

    @Test
    void authorizeSpendsAtOnceAndStoresAnX402Request() {
        var agent = world.agent(account, 100, "{\"daily_limit\": 50, \"monthly_limit\": 80}");
        Resp r = authorize(agent.token(), "1.25");
        assertEquals(200, r.status(), r.toString());
        JsonNode b = r.json();
        assertTrue(b.get("authorized").asBoolean());
        assertTrue(b.get("reason").isNull());
        assertEquals("48.75", b.get("remaining_daily_budget").asText());
        assertEquals("78.75", b.get("remaining_monthly_budget").asText());
        assertTrue(b.get("expires_at").asText().endsWith("Z"));
        assertEquals(World.START.plusSeconds(120).toString(), b.get("expires_at").asText());
        String id = b.get("authorization_id").asText();
        assertEquals(125, world.reload(agent).spent());
        assertEquals(0, world.reload(agent).held());

        var stored = item(Keys.request(id), Keys.REQUEST_SK);
        assertEquals("x402", Attr.str(stored, "settlement_method"));
        assertEquals("USDC", Attr.str(stored, "settlement_currency"));
        assertEquals("base-sepolia", Attr.str(stored, "settlement_network"));
        assertEquals("auto_approved", Attr.str(stored, "status"));
        assertEquals("api.example.com", Attr.str(stored, "merchant_name"));
        assertEquals("https://api.example.com/v1/data", Attr.str(stored, "description"));
        assertEquals("api", Attr.str(stored, "category"));
        JsonNode checks = dev.purser.json.Json.parseTrusted(Attr.str(stored, "policy_check")).get("checks");
        assertEquals(List.of("x402_chain", "x402_domain", "category", "x402_amount"),
                List.of(checks.get(0).get("rule").asText(), checks.get(1).get("rule").asText(),
                        checks.get(2).get("rule").asText(), checks.get(3).get("rule").asText()));

        // The agent sees it in its request list (same table, spec §1.4).
        JsonNode list = world.api.agentGet("/requests", agent.token()).json();
        assertEquals(id, list.get("requests").get(0).get("request_id").asText());
        // Agent and account windows both count it.
        assertEquals(125, windowUsed(Keys.agent(agent.id())));
        assertEquals(125, windowUsed(Keys.account(account.id())));
        // Unlimited policies answer null remaining figures.
        var free = world.agent(account, 100, null);
        JsonNode f = authorize(free.token(), "2").json();
        assertTrue(f.get("remaining_daily_budget").isNull());
        assertTrue(f.get("remaining_monthly_budget").isNull());
        assertEquals(325, windowUsed(Keys.account(account.id())));
    }

    @Test
    void authorizationsCountInTheAccountsWindowsAndRules() {
        Account a = world.addRule(account, "{\"id\": \"r1\", \"name\": \"team daily\", \"limit_type\": \"daily\", \"limit_amount\": 10}");
        var x = world.agent(a, 100, null);
        var y = world.agent(a, 100, "{\"auto_approve\": {\"enabled\": true}}");
        assertTrue(authorize(x.token(), "6").json().get("authorized").asBoolean());
        // A fiat request of another agent now meets the account's rule with the x402 spend in it.
        Resp fiat = world.api.agentPost("/requests", y.token(), "{\"amount\": 5, \"category\": \"groceries\"}");
        assertEquals("rejected", fiat.json().get("status").asText(), fiat.toString());
        // And an x402 authorization of another agent is held to the same rule.
        declined(authorize(y.token(), "5"), "ACCOUNT_BUDGET_EXCEEDED");
        assertTrue(authorize(y.token(), "4").json().get("authorized").asBoolean());
        assertEquals(1_000, windowUsed(Keys.account(a.id())));
    }

    @Test
    void declinesCarryTheirReasonCodesAndChangeNothing() {
        var agent = world.agent(account, 100, "{\"allowed_categories\": [\"api\", \"other\"], \"per_request_limit\": 20,"
                + " \"daily_limit\": 25, \"x402\": {\"allowed_chains\": [\"base\", \"base-sepolia\"],"
                + " \"blocked_domains\": [\"*.evil.com\"], \"max_per_request\": 15}}");
        declined(authorize(agent.token(), "1", "eip155:1", null, null), "CHAIN_NOT_ALLOWED");
        declined(authorize(agent.token(), "1", "eip155:84532", "https://evil.com/x", null), "DOMAIN_BLOCKED");
        declined(authorize(agent.token(), "1", "eip155:84532", "https://a.b.evil.com/x", null), "DOMAIN_BLOCKED");
        declined(authorize(agent.token(), "1", "eip155:84532", null, "groceries"), "CATEGORY_NOT_ALLOWED");
        declined(authorize(agent.token(), "16", "eip155:8453", null, null), "AMOUNT_EXCEEDS_PER_REQUEST_LIMIT");
        assertTrue(authorize(agent.token(), "15", "eip155:8453", "https://notevil.com", null).json().get("authorized").asBoolean());
        declined(authorize(agent.token(), "15.01", "eip155:8453", null, null), "AMOUNT_EXCEEDS_PER_REQUEST_LIMIT");
        declined(authorize(agent.token(), "15", "eip155:8453", null, null), "DAILY_BUDGET_EXCEEDED");
        assertEquals(1_500, world.reload(agent).spent());

        var allowList = world.agent(account, 100, "{\"blocked_categories\": [\"gas\"], \"weekly_limit\": 5,"
                + " \"x402\": {\"allowed_domains\": [\"*.example.com\"], \"allowed_chains\": [\"ethereum\"]}}");
        declined(authorize(allowList.token(), "1", "eip155:84532", "https://api.example.com", null), "CHAIN_NOT_ALLOWED");
        declined(authorize(allowList.token(), "1", "eip155:1", "https://example.org", null), "DOMAIN_NOT_ALLOWED");
        declined(authorize(allowList.token(), "1", "eip155:1", null, null), "DOMAIN_NOT_ALLOWED");
        declined(authorize(allowList.token(), "1", "eip155:1", "https://example.com/", "gas"), "CATEGORY_BLOCKED");
        // "*.example.com" matches example.com itself.
        assertTrue(authorize(allowList.token(), "1", "eip155:1", "https://example.com/", "fuel_unknown").json()
                .get("authorized").asBoolean());
        declined(authorize(allowList.token(), "4.01", "eip155:1", "https://x.example.com/", null), "WEEKLY_BUDGET_EXCEEDED");

        var monthly = world.agent(account, 100, "{\"monthly_limit\": 3}");
        declined(authorize(monthly.token(), "3.01"), "MONTHLY_BUDGET_EXCEEDED");
        var poor = world.agent(account, 2, null);
        declined(authorize(poor.token(), "2.01"), "BUDGET_EXCEEDED");
        assertEquals(0, world.reload(poor).spent());
        // Unknown networks are used as they are; not allowed by default.
        declined(authorize(poor.token(), "1", "solana:mainnet", null, null), "CHAIN_NOT_ALLOWED");
    }

    @Test
    void zeroLimitsMeanNoLimitAsUpstreamReadsThem() {
        var agent = world.agent(account, 100, "{\"daily_limit\": 0, \"per_request_limit\": 0, \"x402\": {\"max_per_request\": 0}}");
        Resp r = authorize(agent.token(), "50");
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.json().get("authorized").asBoolean(), r.toString());
        assertTrue(r.json().get("remaining_daily_budget").isNull());
    }

    @Test
    void reportCompletesAndCorrectsTheSpend() {
        var agent = world.agent(account, 100, null);
        String id = authorize(agent.token(), "10").json().get("authorization_id").asText();
        Resp ok = world.api.post("/api/v1/x402/report", agent.token(),
                "{\"authorization_id\": \"" + id + "\", \"tx_hash\": \"0xABC123\", \"actual_amount_usd\": 7.5, \"actual_amount\": \"7500000\"}");
        assertEquals(200, ok.status(), ok.toString());
        assertEquals("{\"recorded\":true,\"transaction_id\":\"" + id + "\"}", ok.body());
        assertEquals(750, world.reload(agent).spent());
        assertEquals(750, windowUsed(Keys.agent(agent.id())));
        assertEquals(750, windowUsed(Keys.account(account.id())));
        assertEquals("completed", world.api.agentGet("/requests/" + id, agent.token()).json().get("status").asText());

        Resp again = world.api.post("/api/v1/x402/report", agent.token(),
                "{\"authorization_id\": \"" + id + "\", \"tx_hash\": \"0xdef\"}");
        assertEquals(409, again.status());
        assertEquals("Transaction already reported", again.detail());

        String second = authorize(agent.token(), "5").json().get("authorization_id").asText();
        Resp reused = world.api.post("/api/v1/x402/report", agent.token(),
                "{\"authorization_id\": \"" + second + "\", \"tx_hash\": \"0xabc123\"}");
        assertEquals(409, reused.status());
        assertEquals("Transaction hash already used for another authorization", reused.detail());
        // Nothing of the refused report was written; a report without a correction keeps the amount.
        assertEquals(200, world.api.post("/api/v1/x402/report", agent.token(),
                "{\"authorization_id\": \"" + second + "\", \"tx_hash\": \"0x999\"}").status());
        assertEquals(1_250, world.reload(agent).spent());

        Resp up = world.api.post("/api/v1/x402/report", agent.token(), "{\"authorization_id\": \""
                + authorize(agent.token(), "1").json().get("authorization_id").asText()
                + "\", \"tx_hash\": \"5x\", \"actual_amount_usd\": \"3.00\"}");
        assertEquals(200, up.status(), up.toString());
        assertEquals(1_550, world.reload(agent).spent());
    }

    /** Issue 28 item 2: an official x402 v1 or v2 PaymentRequirements, as the agent received it. */
    @Test
    void officialRequirementsAreAcceptedVerbatim() {
        var agent = world.agent(account, 100, null);
        String v2 = "{\"payment_requirements\": {\"scheme\": \"exact\", \"network\": \"eip155:84532\", \"amount\": \"10000\","
                + " \"asset\": \"0x036CbD53842c5426634e7929541eC2318f3dCF7e\", \"payTo\": \"0x209693Bc6afc0C5328bA36FaF03C514EF312287C\","
                + " \"maxTimeoutSeconds\": 300, \"extra\": {\"name\": \"USDC\", \"version\": \"2\"}},"
                + " \"max_amount_usd\": 0.01}";
        Resp r = world.api.post("/api/v1/x402/authorize", agent.token(), v2);
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.json().get("authorized").asBoolean(), r.toString());
        var stored = item(Keys.request(r.json().get("authorization_id").asText()), Keys.REQUEST_SK);
        assertEquals("USDC", Attr.str(stored, "settlement_currency"));
        assertEquals("0x036CbD53842c5426634e7929541eC2318f3dCF7e", Attr.str(stored, "x402_asset"));
        assertEquals("0x209693Bc6afc0C5328bA36FaF03C514EF312287C", Attr.str(stored, "x402_pay_to"));
        assertEquals("10000", Attr.str(stored, "x402_amount"));
        assertEquals(1, world.reload(agent).spent());

        // v1: maxAmountRequired, a v1 network name, the resource URL; an address the table does not
        // know is named by extra.name (Base mainnet's EIP-712 name "USD Coin").
        String v1 = "{\"payment_requirements\": {\"scheme\": \"exact\", \"network\": \"base\", \"maxAmountRequired\": \"50000\","
                + " \"resource\": \"https://api.example.com/premium\", \"description\": \"d\", \"mimeType\": \"application/json\","
                + " \"outputSchema\": {}, \"payTo\": \"0x209693Bc6afc0C5328bA36FaF03C514EF312287C\", \"maxTimeoutSeconds\": 60,"
                + " \"asset\": \"0x1111111111111111111111111111111111111111\", \"extra\": {\"name\": \"USD Coin\", \"version\": \"2\"}},"
                + " \"max_amount_usd\": \"0.05\"}";
        Resp r1 = world.api.post("/api/v1/x402/authorize", agent.token(), v1);
        assertTrue(r1.json().get("authorized").asBoolean(), r1.toString());
        var stored1 = item(Keys.request(r1.json().get("authorization_id").asText()), Keys.REQUEST_SK);
        assertEquals("USDC", Attr.str(stored1, "settlement_currency"));
        assertEquals("api.example.com", Attr.str(stored1, "merchant_name"));
        assertEquals("base", Attr.str(stored1, "settlement_network"));
        // An address neither the table nor extra.name names: declined as an unsupported asset.
        Resp unknown = world.api.post("/api/v1/x402/authorize", agent.token(), v1.replace(", \"extra\": {\"name\": \"USD Coin\", \"version\": \"2\"}", ""));
        declined(unknown, "UNSUPPORTED_ASSET: 0x1111111111111111111111111111111111111111");
        // A long asset that is no address is still a 422 on asset.
        Resp longAsset = world.api.post("/api/v1/x402/authorize", agent.token(), authorizeBody("1", "eip155:84532", "NOTANADDRESS", null, null));
        assertEquals(422, longAsset.status());
        assertEquals("[\"body\",\"payment_requirements\",\"asset\"]", longAsset.json().get("detail").get(0).get("loc").toString());
        assertEquals(6, world.reload(agent).spent());
    }

    /** Issue 23.5: the atomic amount is an ASCII integer and may not exceed max_amount_usd. */
    @Test
    void atomicAmountsAreCheckedAgainstMaxAmountUsd() {
        var agent = world.agent(account, 100, null);
        String base = authorizeBody("0.01", "eip155:84532", "USDC", null, null);
        declined(world.api.post("/api/v1/x402/authorize", agent.token(), base.replace("\"10000\"", "\"10000000000\"")),
                "AMOUNT_EXCEEDS_MAX_AMOUNT_USD: payment_requirements.amount 10000000000 is 10000 USDC, above max_amount_usd 0.01");
        declined(world.api.post("/api/v1/x402/authorize", agent.token(), base.replace("\"10000\"", "\"10002\"")),
                "AMOUNT_EXCEEDS_MAX_AMOUNT_USD: payment_requirements.amount 10002 is 0.010002 USDC, above max_amount_usd 0.01");
        for (String bad : List.of("NaN", "-5", "1.5", "", " 1", "١٢", "１２", "1e6")) {
            Resp r = world.api.post("/api/v1/x402/authorize", agent.token(), base.replace("\"10000\"", "\"" + bad + "\""));
            assertEquals(422, r.status(), bad + " " + r);
            assertEquals("[\"body\",\"payment_requirements\",\"amount\"]", r.json().get("detail").get(0).get("loc").toString());
        }
        assertEquals(0, world.reload(agent).spent());
        // What LetAgentPay's SDKs send (round(max × 1e6)), one unit of rounding above it, and less all pass.
        for (String ok : List.of("10000", "10001", "0", "9999")) {
            Resp r = world.api.post("/api/v1/x402/authorize", agent.token(), base.replace("\"10000\"", "\"" + ok + "\""));
            assertTrue(r.json().get("authorized").asBoolean(), ok + " " + r);
        }
        // An asset whose decimals Purser does not know is not compared (USD has no atomic convention here).
        Resp usd = world.api.post("/api/v1/x402/authorize", agent.token(),
                authorizeBody("0.01", "eip155:84532", "USD", null, null).replace("\"10000\"", "\"10000000000\""));
        assertTrue(usd.json().get("authorized").asBoolean(), usd.toString());
        // actual_amount_usd on report is an amount like any other.
        String id = usd.json().get("authorization_id").asText();
        for (String bad : List.of("\"NaN\"", "\"-5\"", "0", "\"0.001\"", "\"abc\"", "99999999")) {
            Resp r = world.api.post("/api/v1/x402/report", agent.token(),
                    "{\"authorization_id\": \"" + id + "\", \"tx_hash\": \"0x1\", \"actual_amount_usd\": " + bad + "}");
            assertEquals(422, r.status(), bad + " " + r);
            assertEquals("[\"body\",\"actual_amount_usd\"]", r.json().get("detail").get(0).get("loc").toString());
        }
        assertEquals(5, world.reload(agent).spent());
    }

    @Test
    void reportOfUnknownForeignOrNonX402RequestsIs404() {
        var agent = world.agent(account, 100, "{\"auto_approve\": {\"enabled\": true}}");
        var other = world.agent(world.account(), 100, null);
        String id = authorize(agent.token(), "1").json().get("authorization_id").asText();
        String fiat = world.api.agentPost("/requests", agent.token(), "{\"amount\": 1, \"category\": \"api\"}").json()
                .get("request_id").asText();
        for (String[] c : new String[][] {{other.token(), id}, {agent.token(), fiat}, {agent.token(), "nope"}}) {
            Resp r = world.api.post("/api/v1/x402/report", c[0], "{\"authorization_id\": \"" + c[1] + "\", \"tx_hash\": \"0x1\"}");
            assertEquals(404, r.status(), r.toString());
            assertEquals("Authorization not found", r.detail());
        }
        // The same hash in another tenant is that tenant's business.
        String theirs = authorize(other.token(), "1").json().get("authorization_id").asText();
        assertEquals(200, world.api.post("/api/v1/x402/report", agent.token(), "{\"authorization_id\": \"" + id + "\", \"tx_hash\": \"0x1\"}").status());
        assertEquals(200, world.api.post("/api/v1/x402/report", other.token(), "{\"authorization_id\": \"" + theirs + "\", \"tx_hash\": \"0x1\"}").status());
    }

    @Test
    void authAndValidationFollowTheAgentApi() {
        var agent = world.agent(account, 100, null);
        assertEquals("Missing bearer token", world.api.post("/api/v1/x402/authorize", null, "{}").detail());
        assertEquals(401, world.api.post("/api/v1/x402/authorize", null, "{}").status());
        assertEquals("Invalid agent token", world.api.get("/api/v1/x402/budget", "agt_nope").detail());
        // Auth before body validation; malformed JSON before auth.
        assertEquals(401, world.api.post("/api/v1/x402/report", "agt_nope", "{}").status());
        Resp bad = world.api.post("/api/v1/x402/authorize", null, "{bad");
        assertEquals(422, bad.status());
        assertEquals("json_invalid", bad.json().get("detail").get(0).get("type").asText());

        Resp tooMuch = world.api.post("/api/v1/x402/authorize", agent.token(),
                authorizeBody("10000.01", "eip155:84532", "USDC", null, null));
        assertEquals(422, tooMuch.status());
        JsonNode e = tooMuch.json().get("detail").get(0);
        assertEquals("Value error, max_amount_usd cannot exceed 10000", e.get("msg").asText());
        assertEquals("[\"body\",\"max_amount_usd\"]", e.get("loc").toString());
        Resp zero = world.api.post("/api/v1/x402/authorize", agent.token(), authorizeBody("0", "eip155:84532", "USDC", null, null));
        assertEquals("greater_than", zero.json().get("detail").get(0).get("type").asText());
        Resp missing = world.api.post("/api/v1/x402/authorize", agent.token(), "{\"max_amount_usd\": 1}");
        assertEquals("[\"body\",\"payment_requirements\"]", missing.json().get("detail").get(0).get("loc").toString());
        Resp longScheme = world.api.post("/api/v1/x402/authorize", agent.token(),
                authorizeBody("1", "eip155:84532", "USDC", null, null).replace("\"exact\"", "\"" + "s".repeat(21) + "\""));
        assertEquals("[\"body\",\"payment_requirements\",\"scheme\"]", longScheme.json().get("detail").get(0).get("loc").toString());
        Resp noHash = world.api.post("/api/v1/x402/report", agent.token(), "{\"authorization_id\": \"x\"}");
        assertEquals(422, noHash.status());
        assertEquals(0, world.reload(agent).spent());

        world.updateAccount(account, a -> a.withKillSwitch(true));
        Resp paused = world.api.get("/api/v1/x402/budget", agent.token());
        assertEquals(403, paused.status());
        assertEquals("All agents are paused by account owner", paused.detail());
        assertEquals(405, world.api.call("DELETE", "/api/v1/x402/authorize", agent.token(), null, Map.of()).status());
    }

    @Test
    void authorizeIsRateLimitedAt60PerMinuteDeclinesIncluded() {
        var agent = world.agent(account, 1_000, "{\"x402\": {\"allowed_chains\": [\"base\"]}}");
        for (int i = 0; i < 30; i++) assertTrue(authorize(agent.token(), "0.01", "eip155:8453", null, null).json().get("authorized").asBoolean());
        for (int i = 0; i < 30; i++) declined(authorize(agent.token(), "0.01"), "CHAIN_NOT_ALLOWED");
        Resp limited = authorize(agent.token(), "0.01", "eip155:8453", null, null);
        assertEquals(429, limited.status());
        assertEquals("Too many requests. Please try again later.", limited.detail());
        world.clock.advance(Duration.ofMinutes(1));
        assertEquals(200, authorize(agent.token(), "0.01", "eip155:8453", null, null).status());
    }

    @Test
    void budgetAndWallets() {
        var agent = world.agent(account, 100, "{\"daily_limit\": \"50.00\", \"x402\": {\"max_per_request\": 5,"
                + " \"allowed_domains\": [\"*.example.com\"]}}");
        authorize(agent.token(), "2");
        Resp created = world.api.post("/api/v1/x402/wallets", agent.token(),
                "{\"wallet_address\": \"0x" + "a".repeat(40) + "\", \"chain\": \"Base\", \"wallet_provider\": \"metamask\"}");
        assertEquals(201, created.status(), created.toString());
        assertEquals("base", created.json().get("chain").asText());
        assertTrue(created.json().get("is_active").asBoolean());
        assertNotNull(created.json().get("created_at").asText());
        Resp dup = world.api.post("/api/v1/x402/wallets", agent.token(), "{\"wallet_address\": \"0x" + "b".repeat(40) + "\", \"chain\": \"base\"}");
        assertEquals(409, dup.status());
        assertEquals("Wallet already registered for chain base", dup.detail());
        assertEquals(422, world.api.post("/api/v1/x402/wallets", agent.token(), "{\"wallet_address\": \"0x1\", \"chain\": \"ethereum\"}").status());
        assertEquals(422, world.api.post("/api/v1/x402/wallets", agent.token(), "{\"wallet_address\": \"0x" + "a".repeat(40) + "\", \"chain\": \"dogecoin\"}").status());
        assertEquals(201, world.api.post("/api/v1/x402/wallets", agent.token(),
                "{\"wallet_address\": \"7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV\", \"chain\": \"solana\"}").status());

        Resp list = world.api.get("/api/v1/x402/wallets", agent.token());
        assertTrue(list.json().isArray());
        assertEquals(2, list.json().size());
        assertEquals(0, world.api.get("/api/v1/x402/wallets", world.agent(account, 1, null).token()).json().size());

        Resp cw = world.api.post("/api/v1/x402/wallets/create", agent.token(), null);
        assertEquals(503, cw.status());
        assertTrue(cw.detail().contains("no custodial wallet provider is configured"), cw.detail());
        assertEquals(401, world.api.post("/api/v1/x402/wallets/create", null, null).status());

        JsonNode b = world.api.get("/api/v1/x402/budget", agent.token()).json();
        assertEquals(agent.id(), b.get("agent_id").asText());
        assertEquals("100.00", b.get("budget").asText());
        assertEquals("2.00", b.get("spent").asText());
        assertEquals("98.00", b.get("remaining").asText());
        JsonNode p = b.get("x402_policy");
        assertEquals("5", p.get("max_per_request").asText());
        assertEquals("50.00", p.get("daily_limit").asText());
        assertEquals("2.00", p.get("daily_spent").asText());
        assertTrue(p.get("monthly_limit").isNull());
        assertEquals("2.00", p.get("monthly_spent").asText());
        assertEquals("[\"*.example.com\"]", p.get("allowed_domains").toString());
        assertEquals("[\"base\",\"base-sepolia\"]", p.get("allowed_chains").toString());
        assertEquals(2, b.get("wallets").size());
        assertEquals("metamask", b.get("wallets").get(0).get("provider").asText());
    }

    @Test
    void ownerApiValidatesTheX402Block() {
        World.OwnedAccount owned = world.ownedAccount();
        Resp reg = world.api.call("POST", "/v1/agents/register", owned.ownerKey(), "{\"name\": \"bot\", \"budget\": \"10\"}", Map.of());
        String path = "/v1/agents/" + reg.json().get("agent_id").asText() + "/policy";
        for (String[] c : new String[][] {
                {"{\"x402\": []}", "x402"},
                {"{\"x402\": {\"allowed_chains\": \"base\"}}", "x402.allowed_chains"},
                {"{\"x402\": {\"allowed_domains\": [\"not a domain\"]}}", "x402.allowed_domains[0]"},
                {"{\"x402\": {\"blocked_domains\": [\"a.*.com\"]}}", "x402.blocked_domains[0]"},
                {"{\"x402\": {\"max_per_request\": -1}}", "x402.max_per_request"}}) {
            Resp r = world.api.call("PUT", path, owned.ownerKey(), c[0], Map.of());
            assertEquals(422, r.status(), r.toString());
            assertEquals(c[1], r.json().get("field").asText(), r.toString());
        }
        assertEquals(200, world.api.call("PUT", path, owned.ownerKey(), "{\"x402\": {\"allowed_chains\": [\"base\"],"
                + " \"allowed_domains\": [\"*.example.com\", \"api.x.io\"], \"blocked_domains\": [], \"max_per_request\": 2.5}}", Map.of()).status());
    }
}
