package dev.purser.functions.mandates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.purser.functions.support.Resp;
import dev.purser.http.LambdaFunction;
import dev.purser.functions.support.World;
import dev.purser.ledger.store.LedgerAudit;
import dev.purser.store.Attr;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import dev.purser.testing.WithLocalAws;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code POST /v1/payments} under an execution token, on DynamoDB Local: the token pays at most
 * once (replays and racing uses are refused), it pays only for its agent, action and audience, the
 * payment must fit the mandate's terms, and the mandate's total cap holds under concurrency.
 */
@WithLocalAws
class MandatePaymentsTest {
    static final String AUTO = "{\"auto_approve\": {\"enabled\": true}}";
    static final String SHOP = "https://shop.example.com";

    final World world = new World();
    final World.OwnedAccount owned = world.ownedAccount();

    record Payer(String id, String token, String walletId) {}

    Payer payer(String fund) {
        JsonNode r = ok(201, world.api.post("/v1/agents/register", owned.ownerKey(),
                "{\"name\": \"payer\", \"budget\": \"100000\", \"policy\": " + AUTO + "}"));
        Payer p = new Payer(r.get("agent_id").asText(), r.get("token").asText(), r.get("wallet_id").asText());
        ok(200, world.api.post("/v1/wallets/" + p.walletId() + "/fund", owned.ownerKey(),
                "{\"amount\": \"" + fund + "\", \"source\": \"test_faucet\"}"));
        return p;
    }

    String mandate(Payer p, String extra) {
        return ok(201, world.api.post("/v1/mandates", owned.ownerKey(), terms(p, extra))).get("mandate_id").asText();
    }

    static String terms(Payer p, String extra) {
        return "{\"agent\": \"" + p.id() + "\", \"actions\": [\"payment\", \"x402\"], \"per_use_limit\": 25, "
                + "\"total_limit\": 100, \"currencies\": [\"USD\"], \"payees\": [\"*.example.com\"], "
                + "\"categories\": [\"api\"]" + extra + "}";
    }

    String token(Payer p, String mandateId, String action, String audience) {
        return token(p, mandateId, action, audience, 300);
    }

    String token(Payer p, String mandateId, String action, String audience, int ttl) {
        return ok(201, world.api.post("/v1/mandates/" + mandateId + "/execution-tokens", p.token(),
                "{\"action\": \"" + action + "\", \"audience\": \"" + audience + "\", \"ttl_seconds\": " + ttl + "}"))
                .get("token").asText();
    }

    static String payment(Payer p, String payee, String amount, String category) {
        return "{\"from_wallet_id\": \"" + p.walletId() + "\", \"to_external\": \"" + payee + "\", \"amount\": \"" + amount
                + "\", \"category\": \"" + category + "\", \"description\": \"api credits\"}";
    }

    Resp pay(String bearer, String body) {
        return world.api.post("/v1/payments", bearer, body);
    }

    static JsonNode ok(int status, Resp r) {
        assertEquals(status, r.status(), r.toString());
        return r.json();
    }

    static JsonNode refused(int status, String code, String field, Resp r) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(code, r.json().path("code").asText(), r.toString());
        if (field != null) assertEquals(field, r.json().path("field").asText(), r.toString());
        assertFalse(r.json().path("detail").asText().isBlank(), r.toString());
        return r.json();
    }

    long available(Payer p) {
        var w = world.purser.dynamo().getItem(b -> b.tableName(world.purser.table()).consistentRead(true)
                .key(Attr.key("WALLET#" + p.walletId(), "WALLET"))).item();
        return Long.parseLong(w.get("available").n());
    }

    JsonNode mandateView(String id) {
        return ok(200, world.api.get("/v1/mandates/" + id, owned.ownerKey()));
    }

    int payments(Payer p) {
        return ok(200, world.api.get("/v1/payments?agent_id=" + p.id() + "&limit=100", owned.ownerKey())).get("payments").size();
    }

    void assertLedgerBalanced() {
        assertEquals(List.of(), LedgerAudit.run(world.purser.dynamo(), world.purser.table()).violations(), "ledger invariants");
    }

    @Test
    void aTokenPaysOnceAndThePaymentRecordsItsMandate() {
        Payer p = payer("500");
        String id = mandate(p, "");
        String ext = token(p, id, "payment", SHOP);
        JsonNode paid = ok(201, pay(ext, payment(p, "shop.example.com", "10.00", "api")));
        assertEquals("completed", paid.get("status").asText());
        assertEquals(id, paid.get("mandate_id").asText());
        assertEquals(p.id(), paid.get("agent_id").asText());
        String paymentId = paid.get("id").asText();
        assertEquals(id, ok(200, world.api.get("/v1/payments/" + paymentId, owned.ownerKey())).get("mandate_id").asText());
        assertEquals(id, ok(200, world.api.get("/v1/payments/" + paymentId + "/receipt", owned.ownerKey())).get("mandate_id").asText());
        assertTrue(paid.get("policy_check").toString().contains(id), "the policy check names the mandate: " + paid);
        JsonNode m = mandateView(id);
        assertEquals("10.00", m.get("total_used").asText());
        assertEquals("90.00", m.get("total_remaining").asText());
        assertEquals(1, m.get("uses").asInt());

        // Replay: 401 with a clear detail; nothing more is paid.
        long before = available(p);
        JsonNode replay = refused(401, "execution_token_invalid", null, pay(ext, payment(p, "shop.example.com", "10.00", "api")));
        assertTrue(replay.get("detail").asText().contains("already used"), replay.toString());
        assertEquals(before, available(p));
        assertEquals(1, payments(p));
        assertEquals("10.00", mandateView(id).get("total_used").asText());

        // A payment without a token still shows mandate_id: null.
        JsonNode plain = ok(201, pay(p.token(), payment(p, "shop.example.com", "1.00", "api")));
        assertTrue(plain.get("mandate_id").isNull(), plain.toString());

        // Header form: the agent token as the bearer, the execution token beside it.
        String ext2 = token(p, id, "payment", "shop.example.com");
        JsonNode viaHeader = ok(201, world.api.call("POST", "/v1/payments", p.token(), payment(p, "shop.example.com", "2.00", "api"),
                Map.of("x-execution-token", ext2)));
        assertEquals(id, viaHeader.get("mandate_id").asText());
        assertEquals("12.00", mandateView(id).get("total_used").asText());
        JsonNode listed = ok(200, world.api.get("/v1/mandates?agent=" + p.id(), owned.ownerKey())).get("mandates").get(0);
        assertEquals("12.00", listed.get("total_used").asText());
        assertEquals(2, listed.get("uses").asInt());

        // An unknown token is a 401 too.
        refused(401, "execution_token_invalid", null, pay("ext_nope", payment(p, "shop.example.com", "1.00", "api")));
        assertLedgerBalanced();
        assertTrue(eventTypes().contains("mandate.used"), eventTypes().toString());
        assertTrue(eventTypes().contains("mandate.execution_token_issued"), eventTypes().toString());
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReplaysTheAnswerInsteadOfRefusingTheUsedToken() {
        Payer p = payer("100");
        String ext = token(p, mandate(p, ""), "payment", SHOP);
        Map<String, String> key = Map.of("idempotency-key", "k-1");
        JsonNode first = ok(201, world.api.call("POST", "/v1/payments", ext, payment(p, "shop.example.com", "5.00", "api"), key));
        Resp again = world.api.call("POST", "/v1/payments", ext, payment(p, "shop.example.com", "5.00", "api"), key);
        assertEquals(first.get("id"), ok(201, again).get("id"));
        assertEquals(1, payments(p));
    }

    @Test
    void twoAndTwentyConcurrentUsesOfOneTokenMakeOnePayment() throws Exception {
        for (int n : new int[] {2, 20}) {
            Payer p = payer("1000");
            String id = mandate(p, "");
            String ext = token(p, id, "payment", SHOP);
            long before = available(p);
            List<Resp> results = race(n, () -> pay(ext, payment(p, "shop.example.com", "10.00", "api")));
            int created = 0;
            for (Resp r : results) {
                if (r.status() == 201) created++;
                else refused(401, "execution_token_invalid", null, r);
            }
            assertEquals(1, created, results.toString());
            assertEquals(1, payments(p));
            assertEquals(before - 1000 - 3, available(p), "10.00 + 0.03 fee, once");
            assertEquals("10.00", mandateView(id).get("total_used").asText());
        }
        assertLedgerBalanced();
    }

    @Test
    void anExpiredTokenIsRefused() {
        Payer p = payer("100");
        String ext = token(p, mandate(p, ""), "payment", SHOP, 60);
        world.clock.advance(Duration.ofSeconds(61));
        JsonNode r = refused(401, "execution_token_invalid", null, pay(ext, payment(p, "shop.example.com", "5.00", "api")));
        assertTrue(r.get("detail").asText().contains("expired"), r.toString());
        assertEquals(0, payments(p));
    }

    @Test
    void aTokenPaysOnlyForItsAgentActionAudienceAndMandate() {
        Payer p = payer("100");
        Payer other = payer("100");
        String id = mandate(p, "");
        String ext = token(p, id, "payment", SHOP);
        refused(403, "execution_token_mismatch", "audience", pay(ext, payment(p, "other.example.com", "5.00", "api")));
        refused(403, "execution_token_mismatch", "agent_id", world.api.call("POST", "/v1/payments", other.token(),
                payment(other, "shop.example.com", "5.00", "api"), Map.of("x-execution-token", ext)));
        String x402 = token(p, id, "x402", SHOP);
        refused(403, "execution_token_mismatch", "action", pay(x402, payment(p, "shop.example.com", "5.00", "api")));
        refused(403, "execution_token_mismatch", "mandate_id", pay(ext, payment(p, "shop.example.com", "5.00", "api")
                .replace("}", ", \"mandate_id\": \"mdt_other\"}")));
        // Paying from another agent's wallet with the token: the wallet is not the token's agent's.
        assertEquals(403, pay(ext, payment(other, "shop.example.com", "5.00", "api")).status());
        // None of these used the token: it still pays, once.
        assertEquals(0, payments(p));
        ok(201, pay(ext, payment(p, "shop.example.com", "5.00", "api")));
        // Management routes keep the owner key: an execution token manages nothing.
        assertEquals(401, world.api.get("/v1/mandates/" + id, ext).status());
        assertEquals(401, world.api.get("/v1/mandates", ext).status());
    }

    @Test
    void paymentsOutsideTheMandateAreRefusedWithTheField() {
        Payer p = payer("1000");
        String id = mandate(p, ", \"approval_threshold\": 20");
        JsonNode cap = refused(403, "mandate_violation", "amount",
                pay(token(p, id, "payment", SHOP), payment(p, "shop.example.com", "25.01", "api")));
        assertEquals("per_use_limit", cap.get("mandate_term").asText());
        JsonNode payee = refused(403, "mandate_violation", "to_external",
                pay(token(p, id, "payment", "evil.test"), payment(p, "evil.test", "5.00", "api")));
        assertEquals("payees", payee.get("mandate_term").asText());
        JsonNode category = refused(403, "mandate_violation", "category",
                pay(token(p, id, "payment", SHOP), payment(p, "shop.example.com", "5.00", "travel")));
        assertEquals("categories", category.get("mandate_term").asText());

        String eur = ok(201, world.api.post("/v1/mandates", owned.ownerKey(),
                terms(p, "").replace("[\"USD\"]", "[\"EUR\"]"))).get("mandate_id").asText();
        JsonNode currency = refused(403, "mandate_violation", "currency",
                pay(token(p, eur, "payment", SHOP), payment(p, "shop.example.com", "5.00", "api")));
        assertEquals("currencies", currency.get("mandate_term").asText());

        // Above the approval threshold: a pending payment that a human approves, like a policy pending.
        JsonNode pending = ok(201, pay(token(p, id, "payment", SHOP), payment(p, "shop.example.com", "20.01", "api")));
        assertEquals("pending_approval", pending.get("status").asText());
        assertEquals(id, pending.get("mandate_id").asText());
        ok(200, world.api.post("/v1/requests/" + pending.get("id").asText() + "/approve", owned.ownerKey(), "{}"));
        assertEquals("completed", ok(200, world.api.get("/v1/payments/" + pending.get("id").asText(), owned.ownerKey()))
                .get("status").asText());
        // At the threshold: no human.
        assertEquals("completed", ok(201, pay(token(p, id, "payment", SHOP), payment(p, "shop.example.com", "20.00", "api")))
                .get("status").asText());

        // Total cap 100.00: 40.01 used, so 20.00 + 20.00 fit and the next 20.00 does not (19.99 remain).
        ok(201, pay(token(p, id, "payment", SHOP), payment(p, "shop.example.com", "20.00", "api")));
        ok(201, pay(token(p, id, "payment", SHOP), payment(p, "shop.example.com", "20.00", "api")));
        JsonNode total = refused(403, "mandate_violation", "amount",
                pay(token(p, id, "payment", SHOP), payment(p, "shop.example.com", "20.00", "api")));
        assertEquals("total_limit", total.get("mandate_term").asText());
        assertEquals("80.01", mandateView(id).get("total_used").asText());
        assertEquals("19.99", mandateView(id).get("total_remaining").asText());
        ok(201, pay(token(p, id, "payment", SHOP), payment(p, "shop.example.com", "19.99", "api")));
        assertEquals("0.00", mandateView(id).get("total_remaining").asText());

        // Window and revocation change after the token was issued: the payment sees the current terms.
        String window = mandate(p, "");
        String early = token(p, window, "payment", SHOP);
        Instant now = world.purser.now();
        ok(200, world.api.call("PUT", "/v1/mandates/" + window, owned.ownerKey(), terms(p, ", \"valid_from\": \""
                + now.minusSeconds(3600) + "\", \"valid_until\": \"" + now.minusSeconds(1) + "\""), Map.of()));
        assertEquals("valid_until", refused(403, "mandate_violation", "mandate_id",
                pay(early, payment(p, "shop.example.com", "5.00", "api"))).get("mandate_term").asText());
        String revoked = mandate(p, "");
        String beforeRevoke = token(p, revoked, "payment", SHOP);
        ok(200, world.api.call("PUT", "/v1/mandates/" + revoked, owned.ownerKey(), terms(p, ", \"status\": \"revoked\""), Map.of()));
        assertEquals("status", refused(403, "mandate_violation", "mandate_id",
                pay(beforeRevoke, payment(p, "shop.example.com", "5.00", "api"))).get("mandate_term").asText());
        assertLedgerBalanced();
    }

    @Test
    void aPaymentThatNeverMovesMoneyGivesItsAmountBackToTheMandate() {
        Payer p = payer("500");
        String id = mandate(p, ", \"approval_threshold\": 20");
        String rejected = ok(201, pay(token(p, id, "payment", SHOP), payment(p, "shop.example.com", "24.00", "api"))).get("id").asText();
        String expires = ok(201, pay(token(p, id, "payment", SHOP), payment(p, "shop.example.com", "23.00", "api"))).get("id").asText();
        assertEquals("47.00", mandateView(id).get("total_used").asText(), "pending payments count against the total");
        ok(200, world.api.post("/v1/requests/" + rejected + "/reject", owned.ownerKey(), "{}"));
        assertEquals("23.00", mandateView(id).get("total_used").asText());
        world.clock.advance(Duration.ofMinutes(31));
        RequestHandler<ScheduledEvent, String> sweep = world.handlers.get(LambdaFunction.EXPIRY_SWEEP);
        sweep.handleRequest(new ScheduledEvent(), null);
        assertEquals("expired", ok(200, world.api.get("/v1/payments/" + expires, owned.ownerKey())).get("status").asText());
        assertEquals("0.00", mandateView(id).get("total_used").asText());
        // A rail failure (the sandbox declines 13.13 at submission) gives it back too.
        String declined = ok(201, pay(token(p, id, "payment", SHOP), payment(p, "shop.example.com", "13.13", "api")
                .replace("}", ", \"rail\": \"ach\"}"))).get("id").asText();
        assertEquals("13.13", mandateView(id).get("total_used").asText());
        RequestHandler<ScheduledEvent, String> settle = world.handlers.get(LambdaFunction.SETTLEMENT);
        for (int i = 0; i < 3; i++) settle.handleRequest(new ScheduledEvent(), null);
        assertEquals("failed", ok(200, world.api.get("/v1/payments/" + declined, owned.ownerKey())).get("status").asText());
        assertEquals("0.00", mandateView(id).get("total_used").asText());
        assertEquals(3, mandateView(id).get("uses").asInt(), "each token was spent");
        assertLedgerBalanced();
    }

    @Test
    void racingTokensNeverTakeTheMandateAboveItsTotalCap() throws Exception {
        Payer p = payer("1000");
        String id = mandate(p, "");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 9; i++) tokens.add(token(p, id, "payment", SHOP));
        long before = available(p);
        List<Resp> results = race(tokens.size(), i -> pay(tokens.get(i), payment(p, "shop.example.com", "25.00", "api")));
        int created = 0;
        for (Resp r : results) {
            if (r.status() == 201) created++;
            else assertEquals("total_limit", refused(403, "mandate_violation", "amount", r).get("mandate_term").asText());
        }
        assertEquals(4, created, results.toString());
        assertEquals("100.00", mandateView(id).get("total_used").asText());
        assertEquals(4, mandateView(id).get("uses").asInt());
        assertEquals(4, payments(p));
        assertEquals(before - 4 * (2500 + 8), available(p), "4 × (25.00 + 0.08 fee)");
        assertLedgerBalanced();
    }

    @Test
    void theOwnerListsMandatesByAgentWithACursor() {
        Payer p = payer("10");
        Payer q = payer("10");
        for (int i = 0; i < 3; i++) mandate(p, "");
        String qm = mandate(q, "");
        JsonNode all = ok(200, world.api.get("/v1/mandates?limit=2", owned.ownerKey()));
        assertEquals(2, all.get("mandates").size());
        String cursor = all.get("next_cursor").asText();
        JsonNode rest = ok(200, world.api.get("/v1/mandates?limit=10&cursor=" + cursor, owned.ownerKey()));
        assertEquals(2, rest.get("mandates").size());
        JsonNode onlyQ = ok(200, world.api.get("/v1/mandates?agent=" + q.id(), owned.ownerKey()));
        assertEquals(1, onlyQ.get("mandates").size());
        assertEquals(qm, onlyQ.get("mandates").get(0).get("mandate_id").asText());
        assertEquals("0.00", onlyQ.get("mandates").get(0).get("total_used").asText());
        assertEquals(0, ok(200, world.api.get("/v1/mandates", world.ownedAccount().ownerKey())).get("mandates").size());
        refused(422, "validation_error", "cursor", world.api.get("/v1/mandates?cursor=garbage", owned.ownerKey()));
        assertEquals(403, world.api.get("/v1/mandates", p.token()).status());
    }

    private List<String> eventTypes() {
        List<String> types = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            var from = start;
            var page = world.purser.dynamo().scan(b -> b.tableName(world.purser.table()).consistentRead(true)
                    .filterExpression("begins_with(pk, :e) AND account_id = :a")
                    .expressionAttributeValues(Map.of(":e", AttributeValue.fromS("EVENT#"), ":a", AttributeValue.fromS(owned.id())))
                    .exclusiveStartKey(from));
            page.items().forEach(i -> types.add(i.get("type").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        Collections.sort(types);
        return types;
    }

    interface Indexed {
        Resp call(int i) throws Exception;
    }

    static List<Resp> race(int n, Callable<Resp> call) throws Exception {
        return race(n, i -> call.call());
    }

    static List<Resp> race(int n, Indexed call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Resp>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call(k);
                }));
            }
            go.countDown();
            List<Resp> out = new ArrayList<>();
            for (var f : futures) out.add(f.get());
            return out;
        } finally {
            pool.shutdown();
        }
    }
}
