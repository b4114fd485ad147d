package dev.purser.functions.ledger;

import static dev.purser.functions.ledger.Bank.error;
import static dev.purser.functions.ledger.Bank.external;
import static dev.purser.functions.ledger.Bank.ok;
import static dev.purser.functions.ledger.Bank.toWallet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.http.LambdaFunction;
import dev.purser.testing.WithLocalAws;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@WithLocalAws
class PaymentsTest {
    final World world = new World();
    final Bank bank = new Bank(world);

    void settle() {
        RequestHandler<ScheduledEvent, String> job = world.handlers.get(LambdaFunction.SETTLEMENT);
        job.handleRequest(new ScheduledEvent(), null);
    }

    /** Issue 23: a plain payment into another account's wallet was 201; docs/ledger.md says 404. */
    @Test
    void anotherAccountsWalletIsNotFoundAndNothingMoves() {
        Bank.Agent a = bank.agent("1000", Bank.AUTO);
        bank.fund(a.walletId(), "100");
        Bank other = new Bank(world);
        Bank.Agent stranger = other.agent("1000", Bank.AUTO);
        JsonNode e = error(404, "AP-1001", bank.pay(a.token(), toWallet(a.walletId(), stranger.walletId(), "10")));
        assertEquals("to_wallet_id", e.get("field").asText(), e.toString());
        assertEquals("100.00", bank.balance(a.walletId()).get("available").asText());
        assertEquals("0.00", other.balance(stranger.walletId()).get("balance").asText());
        assertEquals(1, bank.lines(a.walletId()), "only the funding");
    }

    @Test
    void internalPaymentToAnExternalPayeeCompletesAtOnceWithItsFee() {
        Bank.Agent a = bank.agent("1000", Bank.AUTO);
        bank.fund(a.walletId(), "100");
        JsonNode p = ok(201, bank.pay(a.token(), external(a.walletId(), "5.00")));
        assertEquals("completed", p.get("status").asText());
        assertEquals("5.00", p.get("amount").asText());
        assertEquals("0.02", p.get("fee").asText()); // 30 bps of 5.00 = 1.5 cents, half up
        assertEquals("5.02", p.get("total_debited").asText());
        assertEquals("internal", p.get("rail").asText());
        assertEquals("USD", p.get("currency").asText());
        JsonNode b = bank.balance(a.walletId());
        assertEquals("94.98", b.get("balance").asText());
        assertEquals("94.98", b.get("available").asText());
        assertEquals(3, bank.lines(a.walletId())); // funding, payment, fee
        // Counted in the same budget windows as a purchase request.
        JsonNode spending = ok(200, world.api.get("/v1/agents/" + a.id() + "/spending", bank.key()));
        assertEquals("5.00", spending.at("/budget/spent").asText());
        assertEquals("5.00", spending.at("/windows/daily/spent").asText());
        JsonNode receipt = ok(200, world.api.get("/v1/payments/" + p.get("id").asText() + "/receipt", a.token()));
        assertEquals("5.02", receipt.get("total_debited").asText());
        assertEquals(2, receipt.get("ledger_transfers").size());
        bank.assertLedgerBalanced();
    }

    @Test
    void walletToWalletCreditsThePayee() {
        Bank.Agent a = bank.agent("1000", Bank.AUTO);
        Bank.Agent b = bank.agent("0", null);
        bank.fund(a.walletId(), "50");
        ok(201, bank.pay(a.token(), toWallet(a.walletId(), b.walletId(), "10")));
        assertEquals("10.00", bank.balance(b.walletId()).get("balance").asText());
        assertEquals("39.97", bank.balance(a.walletId()).get("balance").asText());
        error(422, "validation_error", bank.pay(a.token(), toWallet(a.walletId(), a.walletId(), "1")));
        error(422, "validation_error", bank.pay(a.token(), "{\"from_wallet_id\": \"" + a.walletId() + "\", \"to_wallet_id\": \""
                + b.walletId() + "\", \"amount\": 1, \"rail\": \"ach\"}"));
    }

    @Test
    void needsAHumanThenApprovedThroughTheRequestReview() {
        Bank.Agent a = bank.agent("1000", Bank.ASK_ABOVE_10);
        Bank.Agent payee = bank.agent("0", null);
        bank.fund(a.walletId(), "100");
        JsonNode p = ok(201, bank.pay(a.token(), toWallet(a.walletId(), payee.walletId(), "40")));
        assertEquals("pending_approval", p.get("status").asText());
        JsonNode b = bank.balance(a.walletId());
        assertEquals("100.00", b.get("balance").asText());
        assertEquals("40.12", b.get("pending").asText());
        assertEquals("59.88", b.get("available").asText());
        assertEquals("40.00", bank.balance(payee.walletId()).get("incoming_pending").asText());
        String id = p.get("id").asText();
        // The owner's review queue shows it as a request with the payment's id.
        JsonNode req = ok(200, world.api.get("/v1/requests/" + id, bank.key()));
        assertEquals("pending", req.get("status").asText());
        // The agent cannot confirm a payment as if it were a purchase.
        assertTrue(world.api.agentPost("/requests/" + id + "/confirm", a.token(), "{\"success\": true}").status() >= 400);
        ok(200, world.api.post("/v1/requests/" + id + "/approve", bank.key(), "{}"));
        JsonNode after = ok(200, world.api.get("/v1/payments/" + id, a.token()));
        assertEquals("completed", after.get("status").asText());
        assertEquals("59.88", bank.balance(a.walletId()).get("balance").asText());
        assertEquals("40.00", bank.balance(payee.walletId()).get("balance").asText());
        assertTrue(world.api.post("/v1/requests/" + id + "/reject", bank.key(), "{}").status() >= 400, "resolved once");
        bank.assertLedgerBalanced();
    }

    @Test
    void rejectedOrExpiredApprovalReleasesTheFunds() {
        Bank.Agent a = bank.agent("1000", Bank.ASK_ABOVE_10);
        bank.fund(a.walletId(), "100");
        String rejected = ok(201, bank.pay(a.token(), external(a.walletId(), "30"))).get("id").asText();
        String expiring = ok(201, bank.pay(a.token(), external(a.walletId(), "20"))).get("id").asText();
        ok(200, world.api.post("/v1/requests/" + rejected + "/reject", bank.key(), "{\"reason\": \"no\"}"));
        assertEquals("rejected", ok(200, world.api.get("/v1/payments/" + rejected, bank.key())).get("status").asText());
        world.clock.advance(Duration.ofHours(2));
        RequestHandler<ScheduledEvent, String> sweep = world.handlers.get(LambdaFunction.EXPIRY_SWEEP);
        sweep.handleRequest(new ScheduledEvent(), null);
        JsonNode expired = ok(200, world.api.get("/v1/payments/" + expiring, bank.key()));
        assertEquals("expired", expired.get("status").asText());
        JsonNode b = bank.balance(a.walletId());
        assertEquals("100.00", b.get("balance").asText());
        assertEquals("0.00", b.get("pending").asText());
        JsonNode spending = ok(200, world.api.get("/v1/agents/" + a.id() + "/spending", bank.key()));
        assertEquals("0.00", spending.at("/budget/held").asText());
        bank.assertLedgerBalanced();
    }

    @Test
    void errorCodes() {
        Bank.Agent a = bank.agent("20", "{\"auto_approve\": {\"enabled\": true}, \"blocked_categories\": [\"groceries\"]}");
        Bank.Agent sibling = bank.agent("20", Bank.AUTO);
        bank.fund(a.walletId(), "10");
        // AP-1002: the policy says no, and explains.
        JsonNode denied = error(403, "AP-1002", bank.pay(a.token(), "{\"from_wallet_id\": \"" + a.walletId()
                + "\", \"to_external\": \"casino\", \"amount\": 1, \"category\": \"groceries\"}"));
        assertTrue(denied.get("policy_check").get("checks").size() > 0, denied.toString());
        error(403, "AP-1002", bank.pay(a.token(), external(a.walletId(), "25"))); // above the budget
        // AP-1001: balance, unknown wallet, someone else's wallet.
        JsonNode broke = error(402, "AP-1001", bank.pay(a.token(), external(a.walletId(), "9.99")));
        assertEquals("10.02", broke.get("needed").asText());
        error(404, "AP-1001", bank.pay(a.token(), external("wal_unknown", "1")));
        error(403, "AP-1001", bank.pay(sibling.token(), external(a.walletId(), "1")));
        error(404, "AP-1001", bank.pay(a.token(), toWallet(a.walletId(), "wal_unknown", "1")));
        // Rails.
        error(422, "SETTLEMENT_NOT_CONFIGURED", bank.pay(a.token(), external(a.walletId(), "1", "wire")));
        error(422, "validation_error", bank.pay(a.token(), external(a.walletId(), "1", "pigeon")));
        // Owner key must name the agent.
        error(422, "validation_error", bank.pay(bank.key(), external(a.walletId(), "1")));
        ok(201, bank.pay(bank.key(), "{\"agent_id\": \"" + a.id() + "\", \"from_wallet_id\": \"" + a.walletId()
                + "\", \"to_external\": \"shop\", \"amount\": 1}"));
        // AP-3002: 60 payments a minute per agent.
        Bank.Agent busy = bank.agent("1000", Bank.AUTO);
        bank.fund(busy.walletId(), "100");
        int limited = 0;
        for (int i = 0; i < 61; i++) {
            Resp r = bank.pay(busy.token(), external(busy.walletId(), "0.10"));
            if (r.status() == 429) {
                error(429, "AP-3002", r);
                limited++;
            }
        }
        assertEquals(1, limited);
        bank.assertLedgerBalanced();
    }

    @Test
    void badInputIsA4xxWithDetailAndNoLedgerLine() {
        Bank.Agent a = bank.agent("1000", Bank.AUTO);
        bank.fund(a.walletId(), "100");
        String w = a.walletId();
        String[] bodies = {
            "{\"from_wallet_id\": \"" + w + "\", \"to_external\": \"m\", \"amount\": -5}",
            "{\"from_wallet_id\": \"" + w + "\", \"to_external\": \"m\", \"amount\": 0}",
            "{\"from_wallet_id\": \"" + w + "\", \"to_external\": \"m\", \"amount\": 1.001}",
            "{\"from_wallet_id\": \"" + w + "\", \"to_external\": \"m\", \"amount\": \"1e400\"}",
            "{\"from_wallet_id\": \"" + w + "\", \"to_external\": \"m\", \"amount\": 1, \"currency\": \"EUR\"}",
            "{\"from_wallet_id\": \"" + w + "\", \"to_external\": \"m\", \"amount\": 1, \"currency\": \"ZZZ\"}",
            "{\"from_wallet_id\": \"" + w + "\", \"amount\": 1}",
            "{\"from_wallet_id\": \"" + w + "\", \"to_external\": \"m\"}",
            "{\"to_external\": \"m\", \"amount\": 1}",
            "{\"from_wallet_id\": \"" + w + "\", \"to_external\": \"m\", \"amount\": 1",
            "not json",
            "[]",
        };
        for (String body : bodies) {
            Resp r = bank.pay(a.token(), body);
            assertTrue(r.status() >= 400 && r.status() < 500, body + " → " + r);
            assertTrue(!r.json().path("detail").asText().isBlank(), r.toString());
        }
        error(404, "AP-1001", bank.pay(a.token(), external("wal_nope", "1")));
        error(413, "body_too_large", bank.pay(a.token(), "{\"description\": \"" + "x".repeat(100_000) + "\"}"));
        assertEquals(1, bank.lines(w)); // only the funding
        assertEquals("100.00", bank.balance(w).get("balance").asText());
    }

    @Test
    void sandboxRailMovesThroughEveryState() {
        Bank.Agent a = bank.agent("1000", Bank.AUTO);
        bank.fund(a.walletId(), "200");
        String ok = ok(201, bank.pay(a.token(), external(a.walletId(), "10.00", "ach"))).get("id").asText();
        String declined = ok(201, bank.pay(a.token(), external(a.walletId(), "13.13", "ach"))).get("id").asText();
        String returned = ok(201, bank.pay(a.token(), external(a.walletId(), "66.66", "card"))).get("id").asText();
        assertEquals("pending", status(ok));
        JsonNode b = bank.balance(a.walletId());
        assertEquals("200.00", b.get("balance").asText());
        settle();
        assertEquals("submitted", status(ok));
        assertEquals("failed", status(declined));
        assertEquals("submitted", status(returned));
        settle();
        assertEquals("settling", status(ok));
        assertEquals("settling", status(returned));
        settle();
        assertEquals("completed", status(ok));
        assertEquals("failed", status(returned));
        JsonNode failed = ok(200, world.api.get("/v1/payments/" + returned, bank.key()));
        assertEquals("returned_by_rail", failed.get("failure_reason").asText());
        settle(); // nothing left: a further run changes nothing
        b = bank.balance(a.walletId());
        assertEquals("189.75", b.get("balance").asText()); // 200 - 10.00 - 0.25 ACH fee
        assertEquals("0.00", b.get("pending").asText());
        // Failed payments no longer count in the budget.
        assertEquals("10.00", ok(200, world.api.get("/v1/agents/" + a.id() + "/spending", bank.key())).at("/budget/spent").asText());
        bank.assertLedgerBalanced();
    }

    /** Every state change wrote its outbox event in its own transaction (the relay publishes them). */
    @Test
    void everyStepWritesItsEvent() {
        Bank.Agent a = bank.agent("1000", Bank.ASK_ABOVE_10);
        bank.fund(a.walletId(), "100");
        String internal = ok(201, bank.pay(a.token(), external(a.walletId(), "5"))).get("id").asText();
        String asked = ok(201, bank.pay(a.token(), external(a.walletId(), "20"))).get("id").asText();
        ok(200, world.api.post("/v1/requests/" + asked + "/reject", bank.key(), "{}"));
        String rail = ok(201, bank.pay(a.token(), external(a.walletId(), "5", "ach"))).get("id").asText();
        for (int i = 0; i < 3; i++) settle();
        ok(200, world.api.post("/v1/payments/" + internal + "/refund", bank.key(), "{}"));
        java.util.List<String> types = new java.util.ArrayList<>();
        java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> start = null;
        do {
            var from = start;
            var page = world.purser.dynamo().scan(b -> b.tableName(world.purser.table()).consistentRead(true)
                    .filterExpression("begins_with(pk, :e) AND account_id = :a")
                    .expressionAttributeValues(java.util.Map.of(
                            ":e", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("EVENT#"),
                            ":a", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(bank.account.id())))
                    .exclusiveStartKey(from));
            page.items().forEach(i -> types.add(i.get("type").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        java.util.Collections.sort(types);
        for (String t : new String[] {"wallet.funded", "payment.completed", "payment.pending", "request.pending",
                "payment.failed", "payment.initiated", "payment.submitted", "payment.settling", "payment.refunded"}) {
            assertTrue(types.contains(t), t + " in " + types);
        }
        assertEquals(2, java.util.Collections.frequency(types, "payment.completed"), types.toString()); // internal + rail
    }

    String status(String paymentId) {
        return ok(200, world.api.get("/v1/payments/" + paymentId, bank.key())).get("status").asText();
    }

    @Test
    void refundsFullAndPartialNeverAboveTheAmountFeeRetained() {
        Bank.Agent a = bank.agent("1000", Bank.AUTO);
        Bank.Agent payee = bank.agent("0", null);
        bank.fund(a.walletId(), "100");
        String p = ok(201, bank.pay(a.token(), toWallet(a.walletId(), payee.walletId(), "50"))).get("id").asText();
        // The payer cannot refund itself; the payee can; the owner can.
        error(403, "forbidden", world.api.post("/v1/payments/" + p + "/refund", a.token(), "{\"amount\": 10}"));
        JsonNode r1 = ok(200, world.api.post("/v1/payments/" + p + "/refund", payee.token(), "{\"amount\": 20, \"reason\": \"partial\"}"));
        assertEquals("partially_refunded", r1.get("status").asText());
        error(422, "validation_error", world.api.post("/v1/payments/" + p + "/refund", bank.key(), "{\"amount\": 30.01}"));
        JsonNode r2 = ok(200, world.api.post("/v1/payments/" + p + "/refund", bank.key(), "{\"reason\": \"rest\"}"));
        assertEquals("refunded", r2.get("status").asText());
        assertEquals("50.00", r2.get("refunded_amount").asText());
        error(409, "payment_not_refundable", world.api.post("/v1/payments/" + p + "/refund", bank.key(), "{}"));
        assertEquals("99.85", bank.balance(a.walletId()).get("balance").asText()); // the 0.15 fee is retained
        assertEquals("0.00", bank.balance(payee.walletId()).get("balance").asText());
        // An external payee's refund comes back from the external-payees account.
        String ext = ok(201, bank.pay(a.token(), external(a.walletId(), "10"))).get("id").asText();
        ok(200, world.api.post("/v1/payments/" + ext + "/refund", bank.key(), "{\"amount\": 4}"));
        assertEquals("93.82", bank.balance(a.walletId()).get("balance").asText());
        bank.assertLedgerBalanced();
    }

    @Test
    void idempotencyKeyHeaderOrField() {
        Bank.Agent a = bank.agent("1000", Bank.AUTO);
        bank.fund(a.walletId(), "100");
        Resp first = bank.pay(a.token(), external(a.walletId(), "5"), "key-1");
        Resp again = bank.pay(a.token(), external(a.walletId(), "5"), "key-1");
        assertEquals(201, first.status(), first.toString());
        assertEquals(first.json().get("id"), again.json().get("id"));
        assertEquals("true", again.headers().get("idempotent-replayed"));
        error(422, "idempotency_key_reused", bank.pay(a.token(), external(a.walletId(), "6"), "key-1"));
        String withField = "{\"from_wallet_id\": \"" + a.walletId() + "\", \"to_external\": \"m\", \"amount\": 5, \"idempotency_key\": \"k2\"}";
        String id = ok(201, bank.pay(a.token(), withField)).get("id").asText();
        assertEquals(id, ok(201, bank.pay(a.token(), withField)).get("id").asText());
        assertEquals("89.96", bank.balance(a.walletId()).get("balance").asText()); // two payments of 5.02
    }

    @Test
    void listsFiltersCursorsExportAndTenantIsolation() {
        Bank.Agent a = bank.agent("1000", Bank.AUTO);
        Bank.Agent b = bank.agent("1000", Bank.AUTO);
        bank.fund(a.walletId(), "100");
        bank.fund(b.walletId(), "100");
        for (int i = 0; i < 3; i++) ok(201, bank.pay(a.token(), external(a.walletId(), "1")));
        String bPay = ok(201, bank.pay(b.token(), external(b.walletId(), "2", "ach"))).get("id").asText();
        JsonNode all = ok(200, world.api.get("/v1/payments?limit=2", bank.key()));
        assertEquals(2, all.get("payments").size());
        JsonNode rest = ok(200, world.api.get("/v1/payments?limit=2&cursor=" + all.get("next_cursor").asText(), bank.key()));
        assertEquals(2, rest.get("payments").size());
        assertEquals(3, ok(200, world.api.get("/v1/payments", a.token())).get("payments").size(), "an agent sees its own");
        assertEquals(1, ok(200, world.api.get("/v1/payments?status=pending", bank.key())).get("payments").size());
        assertEquals(1, ok(200, world.api.get("/v1/payments?rail=ach", bank.key())).get("payments").size());
        error(422, "validation_error", world.api.get("/v1/payments?status=weird", bank.key()));
        error(422, "validation_error", world.api.get("/v1/payments?from=yesterday", bank.key()));
        Resp csv = world.api.get("/v1/payments/export?from=2026-11-01&to=2026-12-01", bank.key());
        assertEquals(200, csv.status());
        assertTrue(csv.headers().get("content-type").startsWith("text/csv"));
        assertEquals(5, csv.body().split("\r\n").length, csv.body());
        error(404, "payment_not_found", world.api.get("/v1/payments/" + bPay, a.token()));

        Bank other = new Bank(world);
        error(404, "payment_not_found", world.api.get("/v1/payments/" + bPay, other.key()));
        error(404, "payment_not_found", world.api.get("/v1/payments/" + bPay + "/receipt", other.key()));
        error(404, "payment_not_found", world.api.post("/v1/payments/" + bPay + "/refund", other.key(), "{}"));
        assertEquals(0, ok(200, world.api.get("/v1/payments", other.key())).get("payments").size());
        error(422, "validation_error", world.api.get("/v1/payments?cursor=" + all.get("next_cursor").asText(), other.key()));
        Bank.Agent stranger = other.agent("1000", Bank.AUTO);
        error(404, "AP-1001", other.pay(stranger.token(), external(a.walletId(), "1")));
    }
}
