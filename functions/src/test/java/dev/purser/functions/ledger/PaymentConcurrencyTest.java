package dev.purser.functions.ledger;

import static dev.purser.functions.ledger.Bank.external;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent payments on real DynamoDB Local: no overdraft is a condition, so exactly as many
 * succeed as the wallet holds, and a watcher never sees a wallet below zero; one idempotency key
 * raced by many clients moves money once.
 */
@WithLocalAws
class PaymentConcurrencyTest {
    final World world = new World();
    final Bank bank = new Bank(world);

    @Test
    void twoHundredConcurrentPaymentsFromAWalletThatFitsExactlyN() throws Exception {
        int n = 37; // below the 60/min rate limit, so only money can refuse the rest
        Bank.Agent a = bank.agent("100000", Bank.AUTO);
        // Each payment is 1.00 + 0.00 fee (30 bps of 1.00 rounds to 0): the wallet fits exactly 37.
        bank.fund(a.walletId(), n + ".00");
        AtomicBoolean done = new AtomicBoolean(false);
        AtomicBoolean neverNegative = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                var w = world.purser.dynamo().getItem(b -> b.tableName(world.purser.table()).consistentRead(true)
                        .key(dev.purser.store.Attr.key("WALLET#" + a.walletId(), "WALLET"))).item();
                if (Long.parseLong(w.get("available").n()) < 0) neverNegative.set(false);
            }
        });
        watcher.start();
        List<Resp> results = race(200, () -> bank.pay(a.token(), external(a.walletId(), "1.00")));
        done.set(true);
        watcher.join();
        int created = 0, broke = 0, limited = 0;
        for (Resp r : results) {
            if (r.status() == 201) created++;
            else if (r.status() == 402 && r.json().get("code").asText().equals("AP-1001")) broke++;
            else if (r.status() == 429 && r.json().get("code").asText().equals("AP-3002")) limited++;
            else throw new AssertionError("unexpected " + r);
        }
        assertEquals(n, created, "created " + created + ", insufficient " + broke + ", limited " + limited);
        assertEquals(200 - n, broke + limited);
        var b = bank.balance(a.walletId());
        assertEquals("0.00", b.get("balance").asText());
        assertEquals("0.00", b.get("available").asText());
        assertTrue(neverNegative.get(), "a wallet's available went below zero");
        bank.assertLedgerBalanced();
    }

    @Test
    void oneIdempotencyKeyRacedByTwentyClientsPaysOnce() throws Exception {
        Bank.Agent a = bank.agent("100000", Bank.AUTO);
        bank.fund(a.walletId(), "100");
        List<Resp> results = race(20, () -> bank.pay(a.token(), external(a.walletId(), "5.00"), "same-key"));
        Set<String> ids = new HashSet<>();
        for (Resp r : results) {
            assertEquals(201, r.status(), r.toString());
            ids.add(r.json().get("id").asText());
        }
        assertEquals(1, ids.size(), "one payment for one key");
        assertEquals("94.98", bank.balance(a.walletId()).get("balance").asText());
        bank.assertLedgerBalanced();
    }

    interface Call {
        Resp call();
    }

    static List<Resp> race(int count, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Resp> out = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                out.add(call.call());
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) f.get(300, TimeUnit.SECONDS);
        pool.shutdown();
        return new ArrayList<>(out);
    }
}
