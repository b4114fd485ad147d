package dev.purser.functions.disputes;

import static dev.purser.functions.disputes.Parties.error;
import static dev.purser.functions.disputes.Parties.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Disputes (issue 13 B.6) on DynamoDB Local: every endpoint, error code and transition. */
@WithLocalAws
class DisputesTest {
    final World world = new World();
    final Parties m = new Parties(world);

    @Test
    void openGetEvidenceListAndWithdraw() {
        String pay = m.pay("100");
        JsonNode d = ok(201, m.open(m.payer.token(), pay));
        String id = d.get("id").asText();
        assertTrue(id.startsWith("disp_"), d.toString());
        assertEquals("open", d.get("status").asText());
        assertEquals(pay, d.get("payment_id").asText());
        assertEquals("service_not_delivered", d.get("reason").asText());
        assertEquals("100.00", d.get("amount").asText());
        assertEquals("payer", d.get("opened_by").get("side").asText());
        assertEquals(m.payee.id(), d.get("payee").get("agent_id").asText());
        assertTrue(d.get("created_at").asText().endsWith("Z"));

        // Either side adds evidence; both sides (agents and owners) see it.
        JsonNode e1 = ok(201, world.api.post("/v1/disputes/" + id + "/evidence", m.payer.token(),
                "{\"type\": \"log_excerpt\", \"content\": \"HTTP 503 at 11:59:01Z\"}"));
        assertEquals("payer", e1.get("side").asText());
        assertEquals(1, e1.get("evidence_count").asInt());
        JsonNode e2 = ok(201, world.api.post("/v1/disputes/" + id + "/evidence", m.provider.ownerKey(),
                "{\"type\": \"api_response\", \"content\": \"200 OK, body delivered\"}"));
        assertEquals("payee", e2.get("side").asText());
        for (String key : new String[] {m.payer.token(), m.payee.token(), m.consumer.ownerKey(), m.provider.ownerKey()}) {
            JsonNode got = ok(200, world.api.get("/v1/disputes/" + id, key));
            assertEquals(2, got.get("evidence").size(), got.toString());
            assertEquals("HTTP 503 at 11:59:01Z", got.get("evidence").get(0).get("content").asText());
            JsonNode list = ok(200, world.api.get("/v1/disputes?status=open", key));
            assertEquals(List.of(id), list.get("disputes").findValuesAsText("id"), key);
            assertEquals(0, ok(200, world.api.get("/v1/disputes?status=withdrawn", key)).get("disputes").size());
        }

        // Only the opener's side withdraws: the payee's agent cannot, the payer's owner can.
        error(403, "forbidden", world.api.post("/v1/disputes/" + id + "/withdraw", m.payee.token(), null));
        JsonNode w = ok(200, world.api.post("/v1/disputes/" + id + "/withdraw", m.consumer.ownerKey(), null));
        assertEquals("withdrawn", w.get("status").asText());
        assertTrue(w.get("closed_at").isTextual());
        JsonNode again = error(409, "INVALID_DISPUTE_STATE", world.api.post("/v1/disputes/" + id + "/withdraw", m.payer.token(), null));
        assertEquals("withdrawn", again.get("status").asText());
        error(409, "INVALID_DISPUTE_STATE", world.api.post("/v1/disputes/" + id + "/evidence", m.payer.token(),
                "{\"type\": \"note\", \"content\": \"late\"}"));
        // A withdrawn dispute frees the payment: a new one may be opened (by the payee's side too).
        JsonNode second = ok(201, m.open(m.payee.token(), pay));
        assertEquals("payee", second.get("opened_by").get("side").asText());

        List<String> consumerEvents = m.events(m.consumer.id());
        List<String> providerEvents = m.events(m.provider.id());
        for (List<String> events : List.of(consumerEvents, providerEvents)) {
            assertEquals(2, Collections.frequency(events, "dispute.opened"), events.toString());
            assertEquals(2, Collections.frequency(events, "dispute.evidence_added"), events.toString());
            assertEquals(1, Collections.frequency(events, "dispute.withdrawn"), events.toString());
        }
    }

    @Test
    void reviewAndResolveRefundedMovesThePrincipalBackOnceFeeRetained() {
        String pay = m.pay("100");
        assertEquals("399.70", m.available(m.payer, m.consumer)); // 100 + 0.30 fee
        assertEquals("100.00", m.available(m.payee, m.provider));
        String id = m.openOk(m.payer.token(), pay);
        // Resolving before review is out of order.
        JsonNode early = error(409, "INVALID_DISPUTE_STATE", m.operator("resolve", id, "{\"outcome\": \"refunded\"}"));
        assertEquals("open", early.get("status").asText());
        JsonNode reviewed = ok(200, m.operator("review", id, null));
        assertEquals("under_review", reviewed.get("status").asText());
        assertTrue(reviewed.get("reviewed_at").isTextual());
        assertEquals("under_review", error(409, "INVALID_DISPUTE_STATE", m.operator("review", id, null)).get("status").asText());
        // Withdrawal is only before review; evidence is still welcome.
        error(409, "INVALID_DISPUTE_STATE", world.api.post("/v1/disputes/" + id + "/withdraw", m.payer.token(), null));
        ok(201, world.api.post("/v1/disputes/" + id + "/evidence", m.payee.token(), "{\"type\": \"note\", \"content\": \"x\"}"));
        // The operator sees the evidence.
        assertEquals(1, ok(200, world.api.get("/v1/operator/disputes/" + id, m.operatorKey)).get("evidence").size());

        JsonNode resolved = ok(200, m.operator("resolve", id, "{\"outcome\": \"refunded\", \"note\": \"provider log shows 503\"}"));
        assertEquals("resolved_refunded", resolved.get("status").asText());
        JsonNode res = resolved.get("resolution");
        assertEquals("refunded", res.get("outcome").asText());
        assertEquals("100.00", res.get("refund_amount").asText());
        assertEquals("0.30", res.get("fee_retained").asText());
        assertEquals("provider log shows 503", res.get("note").asText());
        assertEquals("499.70", m.available(m.payer, m.consumer));
        assertEquals("0.00", m.available(m.payee, m.provider));
        JsonNode payment = ok(200, world.api.get("/v1/payments/" + pay, m.consumer.ownerKey()));
        assertEquals("refunded", payment.get("status").asText());
        assertEquals("100.00", payment.get("refunded_amount").asText());
        // Exactly once: a second resolve (either outcome) is a 409 with the current status; nothing moves.
        JsonNode twice = error(409, "INVALID_DISPUTE_STATE", m.operator("resolve", id, "{\"outcome\": \"denied\"}"));
        assertEquals("resolved_refunded", twice.get("status").asText());
        assertEquals("499.70", m.available(m.payer, m.consumer));
        error(409, "INVALID_DISPUTE_STATE", world.api.post("/v1/disputes/" + id + "/evidence", m.payer.token(),
                "{\"type\": \"note\", \"content\": \"x\"}"));
        // A refunded payment cannot be disputed again.
        JsonNode again = error(409, "PAYMENT_NOT_DISPUTABLE", m.open(m.payer.token(), pay));
        assertEquals("refunded", again.get("payment_status").asText());
        for (String acct : new String[] {m.consumer.id(), m.provider.id()}) {
            List<String> events = m.events(acct);
            assertEquals(1, Collections.frequency(events, "dispute.under_review"), events.toString());
            assertEquals(1, Collections.frequency(events, "dispute.resolved"), events.toString());
        }
        assertEquals(1, Collections.frequency(m.events(m.consumer.id()), "payment.refunded"));
        m.assertLedgerBalanced();
    }

    @Test
    void resolveDeniedMovesNothingAndFreesThePayment() {
        String pay = m.pay("40");
        String id = m.openOk(m.payer.token(), pay);
        ok(200, m.operator("review", id, null));
        JsonNode denied = ok(200, m.operator("resolve", id, "{\"outcome\": \"denied\"}"));
        assertEquals("resolved_denied", denied.get("status").asText());
        assertEquals("denied", denied.get("resolution").get("outcome").asText());
        assertFalse(denied.get("resolution").has("refund_amount"));
        assertEquals("40.00", m.available(m.payee, m.provider));
        assertEquals("completed", ok(200, world.api.get("/v1/payments/" + pay, m.consumer.ownerKey())).get("status").asText());
        error(422, "validation_error", m.operator("resolve", id, "{\"outcome\": \"maybe\"}"));
        error(422, "validation_error", m.operator("resolve", id, "{}"));
        m.openOk(m.payer.token(), pay); // no open dispute holds the payment any more
    }

    @Test
    void aRefundLeavesOnlyWhatIsLeftOfThePayment() {
        String pay = m.pay("50");
        String id = m.openOk(m.payer.token(), pay);
        ok(200, m.operator("review", id, null));
        // The payee refunds 20 on its own meanwhile: the dispute refunds the 30 left, never more.
        ok(200, world.api.post("/v1/payments/" + pay + "/refund", m.payee.token(), "{\"amount\": 20}"));
        JsonNode r = ok(200, m.operator("resolve", id, "{\"outcome\": \"refunded\"}"));
        assertEquals("30.00", r.get("resolution").get("refund_amount").asText());
        JsonNode payment = ok(200, world.api.get("/v1/payments/" + pay, m.consumer.ownerKey()));
        assertEquals("50.00", payment.get("refunded_amount").asText());
        assertEquals("refunded", payment.get("status").asText());
        assertEquals("0.00", m.available(m.payee, m.provider));
        m.assertLedgerBalanced();
    }

    @Test
    void thePayeeMustStillHoldTheMoney() {
        String pay = m.pay("60");
        String id = m.openOk(m.payer.token(), pay);
        ok(200, m.operator("review", id, null));
        // The payee spends it elsewhere: the refund cannot overdraw its wallet.
        ok(201, world.api.post("/v1/payments", m.payee.token(), "{\"from_wallet_id\": \"" + m.payee.walletId()
                + "\", \"to_external\": \"merchant:x\", \"amount\": \"59\"}"));
        error(402, "AP-1001", m.operator("resolve", id, "{\"outcome\": \"refunded\"}"));
        assertEquals("under_review", ok(200, world.api.get("/v1/disputes/" + id, m.payer.token())).get("status").asText());
        assertEquals("completed", ok(200, world.api.get("/v1/payments/" + pay, m.consumer.ownerKey())).get("status").asText());
        // Denial still works.
        ok(200, m.operator("resolve", id, "{\"outcome\": \"denied\"}"));
        m.assertLedgerBalanced();
    }

    @Test
    void errorsAndWhoMayOpen() {
        String pay = m.pay("10");
        // Not a party (another agent of the payer's account, another account), unknown payment: 404 alike.
        error(404, "payment_not_found", m.open(m.bystander.token(), pay));
        World.OwnedAccount stranger = world.ownedAccount();
        error(404, "payment_not_found", m.open(stranger.ownerKey(), pay));
        error(404, "payment_not_found", m.open(m.payer.token(), "pay_nope"));
        error(401, "unauthorized", m.open(null, pay));
        error(401, "unauthorized", m.open("agt_nope", pay));
        // Validation: 422 with the field, nothing written.
        String[][] bad = {
                {"{\"reason\": \"other\"}", "payment_id"},
                {"{\"payment_id\": \"" + pay + "\"}", "reason"},
                {"{\"payment_id\": \"" + pay + "\", \"reason\": \"bored\"}", "reason"},
                {"{\"payment_id\": \"" + pay + "\", \"reason\": \"other\", \"description\": \"" + "x".repeat(2001) + "\"}", "description"},
                {"{\"payment_id\": \"" + pay + "\", \"reason\": \"other\", \"extra\": 1}", "extra"},
                {"[1]", "body"},
                {"{\"payment_id\": 5, \"reason\": \"other\"}", "payment_id"},
        };
        for (String[] c : bad) {
            Resp r = world.api.post("/v1/disputes", m.payer.token(), c[0]);
            assertEquals(c[1], error(422, "validation_error", r).get("field").asText(), c[0]);
        }
        assertEquals(0, ok(200, world.api.get("/v1/disputes", m.consumer.ownerKey())).get("disputes").size());
        // Every enumerated reason is accepted (the seed's incorrect_amount too).
        assertEquals(201, world.api.post("/v1/disputes", m.payer.token(), "{\"payment_id\": \"" + pay
                + "\", \"reason\": \"incorrect_amount\"}").status());
        JsonNode dup = error(409, "DUPLICATE_DISPUTE", m.open(m.payee.token(), pay));
        assertTrue(dup.get("dispute_id").asText().startsWith("disp_"), dup.toString());
        // A payment that is not completed cannot be disputed.
        JsonNode asked = ok(201, world.api.post("/v1/payments", m.payer.token(), "{\"from_wallet_id\": \"" + m.payer.walletId()
                + "\", \"to_external\": \"m\", \"amount\": \"1\", \"rail\": \"ach\"}"));
        assertEquals("pending", asked.get("status").asText());
        assertEquals("pending", error(409, "PAYMENT_NOT_DISPUTABLE", m.open(m.payer.token(), asked.get("id").asText()))
                .get("payment_status").asText());
        // External payees have no side: the payer's disputes still work.
        JsonNode ext = ok(201, world.api.post("/v1/payments", m.payer.token(), "{\"from_wallet_id\": \"" + m.payer.walletId()
                + "\", \"to_external\": \"merchant:y\", \"amount\": \"3\"}"));
        JsonNode d = ok(201, m.open(m.payer.token(), ext.get("id").asText()));
        assertTrue(d.get("payee").isNull(), d.toString());
        // Unknown dispute ids and bad lists.
        error(404, "dispute_not_found", world.api.get("/v1/disputes/disp_nope", m.payer.token()));
        error(404, "dispute_not_found", m.operator("review", "disp_nope", null));
        error(422, "validation_error", world.api.get("/v1/disputes?status=closed", m.payer.token()));
        error(422, "validation_error", world.api.get("/v1/disputes?cursor=bm90IGEgY3Vyc29y", m.payer.token()));
        error(422, "validation_error", world.api.get("/v1/disputes?limit=0", m.payer.token()));
        error(422, "validation_error", world.api.get("/v1/operator/disputes?status=nope", m.operatorKey));
    }

    @Test
    void theWindowIsConfigurable() {
        String pay = m.pay("10");
        world.clock.advance(Duration.ofDays(30).plusSeconds(1));
        JsonNode closed = error(422, "DISPUTE_WINDOW_CLOSED", m.open(m.payer.token(), pay));
        assertTrue(closed.get("window_closed_at").isTextual());
        // A deployment with a 60-day window accepts it.
        World longer = new World(dev.purser.testing.LocalAws.get().env()
                .with(dev.purser.throttle.Throttles.AUTH_FAILURES_PER_MINUTE, "1000000")
                .with("PURSER_DISPUTE_WINDOW_DAYS", "60"), world.clock.instant());
        assertEquals(201, longer.api.post("/v1/disputes", m.payer.token(), "{\"payment_id\": \"" + pay
                + "\", \"reason\": \"other\"}").status());
    }

    @Test
    void evidenceIsBounded() {
        String id = m.openOk(m.payer.token(), m.pay("10"));
        String path = "/v1/disputes/" + id + "/evidence";
        error(422, "validation_error", world.api.post(path, m.payer.token(), "{\"type\": \"log\", \"content\": \"" + "x".repeat(16_001) + "\"}"));
        error(422, "validation_error", world.api.post(path, m.payer.token(), "{\"type\": \"Bad Type\", \"content\": \"x\"}"));
        error(422, "validation_error", world.api.post(path, m.payer.token(), "{\"type\": \"log\"}"));
        error(422, "validation_error", world.api.post(path, m.payer.token(), "{\"type\": \"log\", \"content\": 5}"));
        error(404, "dispute_not_found", world.api.post(path, m.bystander.token(), "{\"type\": \"log\", \"content\": \"x\"}"));
        assertEquals(201, world.api.post(path, m.payer.token(), "{\"type\": \"log\", \"content\": \"" + "x".repeat(16_000) + "\"}").status());
        for (int i = 1; i < 50; i++) assertEquals(201, world.api.post(path, m.payee.token(), "{\"type\": \"log\", \"content\": \"n" + i + "\"}").status());
        error(409, "EVIDENCE_LIMIT", world.api.post(path, m.payer.token(), "{\"type\": \"log\", \"content\": \"one more\"}"));
        assertEquals(50, ok(200, world.api.get("/v1/disputes/" + id, m.payer.token())).get("evidence").size());
    }

    @Test
    void tenantIsolation() {
        String id = m.openOk(m.payer.token(), m.pay("10"));
        World.OwnedAccount stranger = world.ownedAccount();
        Parties.Agent strangerAgent = m.agent(stranger, "10");
        for (String key : new String[] {stranger.ownerKey(), strangerAgent.token(), m.bystander.token()}) {
            error(404, "dispute_not_found", world.api.get("/v1/disputes/" + id, key));
            error(404, "dispute_not_found", world.api.post("/v1/disputes/" + id + "/evidence", key, "{\"type\": \"x\", \"content\": \"x\"}"));
            error(404, "dispute_not_found", world.api.post("/v1/disputes/" + id + "/withdraw", key, null));
            assertEquals(0, ok(200, world.api.get("/v1/disputes", key)).get("disputes").size(), key);
        }
        assertEquals("open", ok(200, world.api.get("/v1/disputes/" + id, m.payer.token())).get("status").asText());
    }

    @Test
    void ownersAndAgentsCanNeverActAsTheOperator() {
        String id = m.openOk(m.payer.token(), m.pay("10"));
        ok(200, m.operator("review", id, null));
        for (String key : new String[] {m.consumer.ownerKey(), m.provider.ownerKey(), m.payer.token()}) {
            Resp r = world.api.post("/v1/operator/disputes/" + id + "/resolve", key, "{\"outcome\": \"refunded\"}");
            error(403, "forbidden", r);
            assertTrue(r.detail().contains("operator"), r.toString());
            error(403, "forbidden", world.api.get("/v1/operator/disputes", key));
        }
        error(401, "unauthorized", world.api.post("/v1/operator/disputes/" + id + "/resolve", "pk_guess", "{\"outcome\": \"refunded\"}"));
        error(401, "unauthorized", world.api.post("/v1/operator/disputes/" + id + "/resolve", null, "{\"outcome\": \"refunded\"}"));
        assertEquals("under_review", ok(200, world.api.get("/v1/disputes/" + id, m.payer.token())).get("status").asText());
        assertEquals("10.00", m.available(m.payee, m.provider));
    }

    @Test
    void operatorQueueByStatusWithCursor() {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(m.openOk(m.payer.token(), m.pay("1")));
            world.clock.advance(Duration.ofSeconds(1));
        }
        ok(200, m.operator("review", ids.get(0), null));
        JsonNode review = ok(200, world.api.get("/v1/operator/disputes?status=under_review&limit=100", m.operatorKey));
        assertTrue(review.get("disputes").findValuesAsText("id").contains(ids.get(0)));
        assertFalse(review.get("disputes").findValuesAsText("id").contains(ids.get(1)));
        // Paging through the consumer's own list, newest first, 2 at a time.
        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = ok(200, world.api.get("/v1/disputes?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), m.consumer.ownerKey()));
            assertTrue(page.get("disputes").size() <= 2);
            seen.addAll(page.get("disputes").findValuesAsText("id"));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        List<String> newestFirst = new java.util.ArrayList<>(ids);
        Collections.reverse(newestFirst);
        assertEquals(newestFirst, seen);
        // The payee's owner pages the same disputes from its side (gsi2).
        assertEquals(5, ok(200, world.api.get("/v1/disputes?limit=100", m.provider.ownerKey())).get("disputes").size());
        // The operator's unfiltered queue merges every status.
        JsonNode all = ok(200, world.api.get("/v1/operator/disputes?limit=100", m.operatorKey));
        assertTrue(all.get("disputes").findValuesAsText("id").containsAll(ids));
    }

    @Test
    void idempotentOpen() {
        String pay = m.pay("10");
        String body = "{\"payment_id\": \"" + pay + "\", \"reason\": \"other\"}";
        Resp a = world.api.call("POST", "/v1/disputes", m.payer.token(), body, Map.of("idempotency-key", "k1"));
        Resp b = world.api.call("POST", "/v1/disputes", m.payer.token(), body, Map.of("idempotency-key", "k1"));
        assertEquals(201, a.status(), a.toString());
        assertEquals(201, b.status(), b.toString());
        assertEquals(a.json().get("id"), b.json().get("id"));
        assertEquals("true", b.headers().get("idempotent-replayed"));
        error(422, "idempotency_key_reused", world.api.call("POST", "/v1/disputes", m.payer.token(),
                body.replace("other", "fraud"), Map.of("idempotency-key", "k1")));
        assertEquals(1, Collections.frequency(m.events(m.consumer.id()), "dispute.opened"));
    }
}
