package dev.purser.functions.x402;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.accounts.Account;
import dev.purser.auth.Secrets;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.store.Attr;
import dev.purser.store.Keys;
import dev.purser.testing.WithLocalAws;
import dev.purser.x402.AuthorizeInput;
import dev.purser.x402.UnreportedScan;
import dev.purser.x402.X402Result;
import dev.purser.x402.X402Service;
import dev.purser.x402.X402Services;
import dev.purser.x402.ConfiguredRates;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Unreported authorizations are flagged once, never released; rates come from the configured source. */
@WithLocalAws
class X402UnreportedTest {
    final World world = new World();
    final Account account = world.account();

    String authorize(String token, String usd) {
        Resp r = world.api.post("/api/v1/x402/authorize", token, X402RouterTest.authorizeBody(usd, "eip155:8453", "USDC", null, null));
        assertTrue(r.json().get("authorized").asBoolean(), r.toString());
        return r.json().get("authorization_id").asText();
    }

    Map<String, AttributeValue> request(String id) {
        return world.purser.dynamo().getItem(b -> b.tableName(world.purser.table()).consistentRead(true)
                .key(Attr.key(Keys.request(id), Keys.REQUEST_SK))).item();
    }

    /** The outbox events of this test's account with the given type. */
    long events(String type) {
        return world.purser.dynamo().scanPaginator(b -> b.tableName(world.purser.table())
                        .filterExpression("#t = :t AND account_id = :a")
                        .expressionAttributeNames(Map.of("#t", "type"))
                        .expressionAttributeValues(Map.of(":t", Attr.s(type), ":a", Attr.s(account.id()))))
                .items().stream().count();
    }

    @Test
    void flaggedAfter24HoursOnceAndStillReportable() throws Exception {
        var agent = world.agent(account, 100, null);
        String late = authorize(agent.token(), "4");
        String reported = authorize(agent.token(), "3");
        assertEquals(200, world.api.post("/api/v1/x402/report", agent.token(),
                "{\"authorization_id\": \"" + reported + "\", \"tx_hash\": \"0xfeed\"}").status());
        UnreportedScan scan = X402Services.scan(world.purser);
        world.clock.advance(Duration.ofHours(23).plusMinutes(59));
        assertEquals(0, scan.scan(world.purser.now(), 100).flagged());
        world.clock.advance(Duration.ofMinutes(2));

        // Scans racing each other flag it exactly once.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<UnreportedScan.Result>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) runs.add(pool.submit((Callable<UnreportedScan.Result>) () -> scan.scan(world.purser.now(), 100)));
        int flagged = 0;
        for (var f : runs) flagged += f.get().flagged();
        pool.shutdown();
        assertEquals(1, flagged);
        assertEquals(1, events("x402.authorization_unreported"));
        var item = request(late);
        assertTrue(item.containsKey("unreported_flagged_at"));
        assertTrue(!item.containsKey("due_pk"));
        // Never released: the spend stands until a report, which is still accepted.
        assertEquals(700, world.reload(agent).spent());
        assertEquals(0, scan.scan(world.purser.now(), 100).flagged());
        Resp lateReport = world.api.post("/api/v1/x402/report", agent.token(),
                "{\"authorization_id\": \"" + late + "\", \"tx_hash\": \"0xbeef\", \"actual_amount_usd\": 1}");
        assertEquals(200, lateReport.status(), lateReport.toString());
        assertEquals(400, world.reload(agent).spent());
        assertEquals(2, events("x402.authorized"));
        assertEquals(2, events("x402.reported"));
    }

    @Test
    void aReportRacingTheScanEndsReportedOrFlaggedAndReportedButFlaggedAtMostOnce() throws Exception {
        var agent = world.agent(account, 1_000, null);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) ids.add(authorize(agent.token(), "1"));
        world.clock.advance(Duration.ofHours(25));
        UnreportedScan scan = X402Services.scan(world.purser);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> work = new ArrayList<>();
        work.add(pool.submit(() -> scan.scan(world.purser.now(), 100)));
        for (String id : ids) {
            work.add(pool.submit(() -> world.api.post("/api/v1/x402/report", agent.token(),
                    "{\"authorization_id\": \"" + id + "\", \"tx_hash\": \"0x" + id.replace("-", "") + "\"}")));
        }
        for (var f : work) f.get();
        pool.shutdown();
        scan.scan(world.purser.now(), 100);
        long flagged = ids.stream().filter(id -> request(id).containsKey("unreported_flagged_at")).count();
        assertEquals(flagged, events("x402.authorization_unreported"));
        for (String id : ids) {
            assertEquals("completed", Attr.str(request(id), "status"));
            assertTrue(!request(id).containsKey("due_pk"));
        }
        assertEquals(1_000, world.reload(agent).spent());
    }

    @Test
    void aDepeggedRateFromTheSourceDeclines() {
        var agent = world.agent(account, 100, null);
        X402Service depegged = X402Services.of(world.purser, ConfiguredRates.parse("USDC=0.985,USDT=0.996"));
        String hash = Secrets.sha256Hex(agent.token());
        AuthorizeInput usdc = new AuthorizeInput("exact", "eip155:8453", "1000000", "USDC", "0xabc", null, new BigDecimal("10"), "api");
        var r = (X402Result.Answered) depegged.authorize(hash, () -> usdc);
        assertEquals("STABLECOIN_DEPEG: USDC deviation 1.5%", r.body().get("reason").asText());
        AuthorizeInput usdt = new AuthorizeInput("exact", "eip155:8453", "1000000", "USDT", "0xabc", null, new BigDecimal("10"), "api");
        var ok = (X402Result.Answered) depegged.authorize(hash, () -> usdt);
        assertTrue(ok.body().get("authorized").asBoolean());
        assertEquals(996, world.reload(agent).spent());
    }

    @Test
    void concurrentAuthorizationsNeverOverspendTheBudget() throws Exception {
        var agent = world.agent(account, 10, null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Resp>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(pool.submit(() -> world.api.post("/api/v1/x402/authorize", agent.token(),
                    X402RouterTest.authorizeBody("1", "eip155:8453", "USDC", null, null))));
        }
        int authorized = 0;
        for (var f : calls) {
            Resp r = f.get();
            assertEquals(200, r.status(), r.toString());
            if (r.json().get("authorized").asBoolean()) authorized++;
            else assertEquals("BUDGET_EXCEEDED", r.json().get("reason").asText());
        }
        pool.shutdown();
        assertEquals(10, authorized);
        assertEquals(1_000, world.reload(agent).spent());
    }
}
