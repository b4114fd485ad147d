package dev.purser.functions.x402;

import static dev.purser.functions.x402.Marketplace.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.money.Money;
import dev.purser.testing.WithLocalAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Exactly once under races: 100 verifies of one token, call-completed against the SLA scan, DELETE
 * against the expiry release. Balances are checked to the cent and by the ledger audit (L1-L4).
 */
@WithLocalAws
class X402TokenRacesTest {
    static final int TOKENS = 15; // well below the 60 payments a minute an agent may make
    final World world = new World();
    final Marketplace m = new Marketplace(world);
    final Marketplace.Agent consumer = m.consumer();
    final Marketplace.Agent provider = m.provider();
    final String serviceId = m.service(provider, "2.00", "{\"max_latency_ms\": 5000}").get("id").asText();

    X402TokenRacesTest() {
        m.fund(m.consumerAccount, consumer.walletId(), "100.00");
    }

    @Test
    void aHundredConcurrentVerifiesRedeemOnce() throws Exception {
        String token = m.authorized(consumer, serviceId).get("token").asText();
        List<Callable<Resp>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) calls.add(() -> m.verify(provider, token));
        int redeemed = 0, used = 0;
        for (Resp r : Marketplace.race(calls)) {
            if (r.status() == 200) redeemed++;
            else if (r.status() == 409 && r.json().get("code").asText().equals("TOKEN_ALREADY_USED")) used++;
            else throw new AssertionError("unexpected " + r);
        }
        assertEquals(1, redeemed);
        assertEquals(99, used);
    }

    @Test
    void callCompletedRacingTheSlaScanEndsEachCallOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < TOKENS; i++) {
            JsonNode a = m.authorized(consumer, serviceId);
            ok(200, m.verify(provider, a.get("token").asText()));
            ok(200, m.step(provider, a.get("token_id").asText(), "call-started"));
            ids.add(a.get("token_id").asText());
        }
        // The provider reports at 4.9 s (inside the window); a scan in another container runs at 6 s.
        world.clock.advance(Duration.ofMillis(4900));
        Instant scanTime = world.purser.now().plusSeconds(2);
        List<Callable<Object>> calls = new ArrayList<>();
        for (String id : ids) calls.add(() -> m.step(provider, id, "call-completed"));
        for (int i = 0; i < 3; i++) calls.add(() -> m.scanAt(scanTime).run(scanTime, 1000));
        List<Object> results = Marketplace.race(calls);
        int settled = 0;
        for (int i = 0; i < ids.size(); i++) {
            Resp r = (Resp) results.get(i);
            String status = ok(200, m.token(consumer, ids.get(i))).get("status").asText();
            if (r.status() == 200) {
                settled++;
                assertEquals("completed", status);
            } else {
                assertEquals(409, r.status(), r.toString());
                assertEquals("sla_breached", status, r.toString());
            }
        }
        m.scanAt(scanTime).run(scanTime, 1000); // a late scan changes nothing more
        int breached = TOKENS - settled;
        assertEquals(settled, m.stat(serviceId, "settled_calls"));
        assertEquals(breached, m.stat(serviceId, "breached_calls"));
        JsonNode c = m.balance(m.consumerAccount, consumer.walletId());
        assertEquals(Money.plain(10_000 - settled * 201L), c.get("balance").asText());
        assertEquals("0.00", c.get("pending").asText());
        assertEquals(Money.plain(settled * 200L), m.balance(m.providerAccount, provider.walletId()).get("balance").asText());
        assertEquals(settled * 200L, m.agentSpent(consumer.id()), "refunded calls leave the budget");
        m.assertLedgerBalanced();
        System.out.println("completion vs scan: " + settled + " settled, " + breached + " refunded");
    }

    @Test
    void cancelRacingTheExpiryReleaseEndsEachTokenOnce() throws Exception {
        List<JsonNode> tokens = new ArrayList<>();
        for (int i = 0; i < TOKENS; i++) tokens.add(m.authorized(consumer, serviceId));
        Instant scanTime = world.purser.now().plus(Duration.ofMinutes(6));
        List<Callable<Object>> calls = new ArrayList<>();
        for (JsonNode t : tokens) calls.add(() -> m.cancel(consumer, t.get("token_id").asText()));
        for (int i = 0; i < 3; i++) calls.add(() -> m.scanAt(scanTime).run(scanTime, 1000));
        List<Object> results = Marketplace.race(calls);
        int cancelled = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Resp r = (Resp) results.get(i);
            JsonNode t = ok(200, m.token(consumer, tokens.get(i).get("token_id").asText()));
            JsonNode p = ok(200, world.api.get("/v1/payments/" + tokens.get(i).get("payment_id").asText(), consumer.token()));
            if (r.status() == 200) {
                cancelled++;
                assertEquals("cancelled", t.get("status").asText());
                assertEquals("failed", p.get("status").asText());
            } else {
                assertEquals(410, r.status(), r.toString());
                assertEquals("TOKEN_EXPIRED", r.json().get("code").asText());
                assertEquals("expired", t.get("status").asText());
                assertEquals("expired", p.get("status").asText());
            }
        }
        JsonNode c = m.balance(m.consumerAccount, consumer.walletId());
        assertEquals("100.00", c.get("balance").asText());
        assertEquals("100.00", c.get("available").asText());
        assertEquals("0.00", c.get("pending").asText());
        assertEquals(0, m.agentSpent(consumer.id()));
        m.assertLedgerBalanced();
        System.out.println("cancel vs expiry: " + cancelled + " cancelled, " + (TOKENS - cancelled) + " expired");
    }
}
