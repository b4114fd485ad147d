package dev.purser.functions.disputes;

import static dev.purser.functions.disputes.Parties.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Disputes under races: each transition, and each refund, happens exactly once. */
@WithLocalAws
class DisputeRacesTest {
    static final int CALLERS = 12;
    final World world = new World();
    final Parties m = new Parties(world);

    private List<Resp> race(Callable<Resp> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Resp>> futures = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Resp> out = new ArrayList<>();
            for (Future<Resp> f : futures) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Integer> statuses(List<Resp> answers) {
        List<Integer> s = new ArrayList<>(answers.stream().map(Resp::status).toList());
        Collections.sort(s);
        return s;
    }

    @Test
    void concurrentOpensMakeOneDispute() throws Exception {
        String pay = m.pay("25");
        // Both sides, agents and owners, at once.
        String[] keys = {m.payer.token(), m.payee.token(), m.consumer.ownerKey(), m.provider.ownerKey()};
        int[] n = {0};
        List<Resp> answers = race(() -> m.open(keys[(n[0]++) % keys.length], pay));
        List<Integer> s = statuses(answers);
        assertEquals(1, Collections.frequency(s, 201), answers.toString());
        assertEquals(CALLERS - 1, Collections.frequency(s, 409), answers.toString());
        answers.stream().filter(r -> r.status() == 409)
                .forEach(r -> assertEquals("DUPLICATE_DISPUTE", r.json().get("code").asText(), r.toString()));
        assertEquals(1, ok(200, world.api.get("/v1/disputes", m.consumer.ownerKey())).get("disputes").size());
        assertEquals(1, Collections.frequency(m.events(m.consumer.id()), "dispute.opened"));
    }

    @Test
    void concurrentResolvesRefundOnceWithExactBalances() throws Exception {
        String pay = m.pay("100");
        String id = m.openOk(m.payer.token(), pay);
        ok(200, m.operator("review", id, null));
        int[] n = {0};
        // Half refund, half deny: exactly one wins.
        List<Resp> answers = race(() -> m.operator("resolve", id,
                (n[0]++ % 2 == 0) ? "{\"outcome\": \"refunded\"}" : "{\"outcome\": \"denied\"}"));
        List<Integer> s = statuses(answers);
        assertEquals(1, Collections.frequency(s, 200), answers.toString());
        assertEquals(CALLERS - 1, Collections.frequency(s, 409), answers.toString());
        Resp winner = answers.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
        boolean refunded = winner.json().get("status").asText().equals("resolved_refunded");
        assertEquals(refunded ? "499.70" : "399.70", m.available(m.payer, m.consumer));
        assertEquals(refunded ? "0.00" : "100.00", m.available(m.payee, m.provider));
        assertEquals(refunded ? 1 : 0, Collections.frequency(m.events(m.consumer.id()), "payment.refunded"));
        assertEquals(1, Collections.frequency(m.events(m.consumer.id()), "dispute.resolved"));
        m.assertLedgerBalanced();
    }

    @Test
    void concurrentRefundResolvesNeverRefundTwice() throws Exception {
        String pay = m.pay("100");
        String id = m.openOk(m.payer.token(), pay);
        ok(200, m.operator("review", id, null));
        List<Resp> answers = race(() -> m.operator("resolve", id, "{\"outcome\": \"refunded\"}"));
        assertEquals(1, Collections.frequency(statuses(answers), 200), answers.toString());
        assertEquals("499.70", m.available(m.payer, m.consumer));
        assertEquals("0.00", m.available(m.payee, m.provider));
        assertEquals("100.00", ok(200, world.api.get("/v1/payments/" + pay, m.consumer.ownerKey())).get("refunded_amount").asText());
        m.assertLedgerBalanced();
    }

    @Test
    void withdrawRacingReviewEndsInOneState() throws Exception {
        String id = m.openOk(m.payer.token(), m.pay("5"));
        int[] n = {0};
        List<Resp> answers = race(() -> (n[0]++ % 2 == 0)
                ? world.api.post("/v1/disputes/" + id + "/withdraw", m.payer.token(), null)
                : m.operator("review", id, null));
        assertEquals(1, Collections.frequency(statuses(answers), 200), answers.toString());
        String status = ok(200, world.api.get("/v1/disputes/" + id, m.payer.token())).get("status").asText();
        List<String> events = m.events(m.consumer.id());
        assertEquals(status.equals("withdrawn") ? 1 : 0, Collections.frequency(events, "dispute.withdrawn"));
        assertEquals(status.equals("under_review") ? 1 : 0, Collections.frequency(events, "dispute.under_review"));
    }
}
