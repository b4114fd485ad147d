package dev.purser.functions.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.accounts.Account;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent creates against real DynamoDB Local: exactly as many are accepted as the limits
 * allow, and a watcher thread checks {@code spent + held <= budget} at every moment it looks.
 */
@WithLocalAws
class ConcurrencyTest {
    final World world = new World();

    @Test
    void twoHundredConcurrentCreatesOnOneAgentAcceptExactlyWhatTheBudgetFits() throws Exception {
        Account account = world.account();
        // Budget 37.00, every request 1.00, all pending (holds): exactly 37 fit. All 200 fire at once;
        // the 60/min rate limit answers some with 429, which is fine as long as N <= 60.
        var agent = world.agent(account, 37, "{\"auto_approve\": {\"enabled\": true, \"max_amount\": 0.5}}");
        Result r = hammer(List.of(agent), 200, 200, "1.00");
        assertEquals(37, r.accepted, r.toString());
        assertEquals(200 - 37, r.rejected + r.rateLimited, r.toString());
        var after = world.reload(agent);
        assertEquals(3_700, after.held());
        assertEquals(0, after.remaining());
        assertTrue(r.watcherOk.get(), "spent + held exceeded the budget at some moment");
    }

    @Test
    void fiveAgentsSharingAnAccountDailyRuleNeverExceedIt() throws Exception {
        Account account = world.addRule(world.account(), """
                {"id": "shared-daily", "name": "shared-daily", "limit_type": "daily", "limit_amount": "23.00"}""");
        List<World.TestAgent> agents = new ArrayList<>();
        for (int i = 0; i < 5; i++) agents.add(world.agent(account, 1_000, "{\"auto_approve\": {\"enabled\": true}}"));
        Result r = hammer(agents, 200, 40, "1.00"); // 40 per agent: one burst of 200
        assertEquals(23, r.accepted, r.toString());
        long spent = agents.stream().mapToLong(a -> world.reload(a).spent()).sum();
        assertEquals(2_300, spent);
    }

    record Result(int accepted, int rejected, int rateLimited, int other, AtomicBoolean watcherOk) {}

    /**
     * Fires {@code total} creates from 32 threads released together, in bursts of {@code perRound} per
     * agent; the clock moves a minute between bursts.
     */
    Result hammer(List<World.TestAgent> agents, int total, int perRound, String amount) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        AtomicBoolean watcherOk = new AtomicBoolean(true);
        AtomicBoolean done = new AtomicBoolean(false);
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                for (var a : agents) {
                    var now = world.reload(a);
                    if (now.spent() + now.held() > now.budget()) watcherOk.set(false);
                }
            }
        });
        watcher.start();
        ConcurrentLinkedQueue<Resp> results = new ConcurrentLinkedQueue<>();
        int sent = 0;
        while (sent < total) {
            int round = Math.min(perRound * agents.size(), total - sent);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < round; i++) {
                var agent = agents.get(i % agents.size());
                futures.add(pool.submit(() -> {
                    start.await();
                    results.add(world.api.agentPost("/requests", agent.token(),
                            "{\"amount\": \"" + amount + "\", \"category\": \"other\"}"));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) f.get(120, TimeUnit.SECONDS);
            sent += round;
            world.clock.advance(java.time.Duration.ofMinutes(1));
        }
        done.set(true);
        watcher.join();
        pool.shutdown();
        int accepted = 0, rejected = 0, limited = 0, other = 0;
        for (Resp r : results) {
            if (r.status() == 201 && !r.json().get("status").asText().equals("rejected")) accepted++;
            else if (r.status() == 201) rejected++;
            else if (r.status() == 429) limited++;
            else other++;
        }
        assertEquals(0, other, "unexpected statuses: " + results.stream().filter(r -> r.status() != 201 && r.status() != 429).limit(3).toList());
        return new Result(accepted, rejected, limited, other, watcherOk);
    }
}
