package dev.purser.functions.x402;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.ledger.LedgerConfig;
import dev.purser.ledger.store.LedgerAudit;
import dev.purser.payments.PaymentService;
import dev.purser.store.Attr;
import dev.purser.x402tokens.PaymentTokens;
import dev.purser.x402tokens.SigningKeys;
import dev.purser.x402tokens.TokenScan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A consumer account and a provider account (two owners) on the payment-token endpoints: agents
 * with default wallets, a registered service, authorize/verify/report helpers.
 */
final class Marketplace {
    static final String AUTO = "{\"auto_approve\": {\"enabled\": true}}";

    final World world;
    final World.OwnedAccount consumerAccount;
    final World.OwnedAccount providerAccount;
    final String tag = UUID.randomUUID().toString().substring(0, 8);

    Marketplace(World world) {
        this.world = world;
        this.consumerAccount = world.ownedAccount();
        this.providerAccount = world.ownedAccount();
    }

    record Agent(String id, String token, String walletId) {}

    Agent agent(World.OwnedAccount account, String policyJson) {
        String body = "{\"name\": \"a-" + UUID.randomUUID().toString().substring(0, 6) + "\", \"budget\": \"100000\""
                + (policyJson == null ? "" : ", \"policy\": " + policyJson) + "}";
        JsonNode r = ok(201, world.api.post("/v1/agents/register", account.ownerKey(), body));
        return new Agent(r.get("agent_id").asText(), r.get("token").asText(), r.get("wallet_id").asText());
    }

    Agent consumer() { return agent(consumerAccount, AUTO); }

    Agent provider() { return agent(providerAccount, null); }

    void fund(World.OwnedAccount account, String walletId, String amount) {
        ok(200, world.api.post("/v1/wallets/" + walletId + "/fund", account.ownerKey(),
                "{\"amount\": \"" + amount + "\", \"source\": \"test_faucet\"}"));
    }

    JsonNode balance(World.OwnedAccount account, String walletId) {
        return ok(200, world.api.get("/v1/wallets/" + walletId + "/balance", account.ownerKey()));
    }

    /** A service of {@code provider} at a unique URL; {@code sla} is the JSON of its SLA, or null. */
    JsonNode service(Agent provider, String price, String sla) {
        String name = "svc " + UUID.randomUUID().toString().substring(0, 10);
        String body = "{\"name\": \"" + name + "\", \"description\": \"weather by the call\", \"price_per_call\": \"" + price
                + "\", \"category\": \"api\", \"endpoint_url\": \"https://" + name.replace(' ', '-') + ".example.com/v1/weather\""
                + (sla == null ? "" : ", \"sla\": " + sla) + "}";
        return ok(201, world.api.post("/v1/services", provider.token(), body));
    }

    Resp authorize(Agent consumer, String serviceId, String extra) {
        return world.api.post("/v1/services/" + serviceId + "/authorize", consumer.token(),
                "{\"from_wallet_id\": \"" + consumer.walletId() + "\"" + (extra == null ? "" : ", " + extra) + "}");
    }

    JsonNode authorized(Agent consumer, String serviceId) {
        return ok(201, authorize(consumer, serviceId, null));
    }

    Resp verify(Agent provider, String token) {
        return world.api.post("/v1/x402/verify", provider.token(), "{\"token\": \"" + token + "\"}");
    }

    Resp step(Agent caller, String tokenId, String step) {
        return world.api.post("/v1/x402/tokens/" + tokenId + "/" + step, caller.token(), null);
    }

    Resp cancel(Agent caller, String tokenId) {
        return world.api.call("DELETE", "/v1/x402/tokens/" + tokenId, caller.token(), null, Map.of());
    }

    Resp token(Agent caller, String tokenId) {
        return world.api.get("/v1/x402/tokens/" + tokenId, caller.token());
    }

    /** The scan as the schedule runs it, at the world's clock. */
    String scan() {
        return world.handlers.<Object, String>get(dev.purser.http.LambdaFunction.X402_TOKEN_SCAN).handleRequest(new Object(), null);
    }

    /** The scan as another container would run it, with its own clock (for races). */
    TokenScan scanAt(Instant now) {
        var purser = world.purser;
        PaymentTokens tokens = new PaymentTokens(purser.dynamo(), purser.table(),
                new PaymentService(purser.dynamo(), purser.table(), LedgerConfig.from(purser.env()::get), () -> now),
                new SigningKeys(purser.dynamo(), purser.table()), () -> now, PaymentTokens.DEFAULT_TTL, PaymentTokens.DEFAULT_SLA);
        return new TokenScan(purser.dynamo(), purser.table(), tokens);
    }

    long stat(String serviceId, String counter) {
        var item = world.purser.dynamo().getItem(b -> b.tableName(world.purser.table()).consistentRead(true)
                .key(Attr.key("SERVICE#" + serviceId, "STATS"))).item();
        return item == null || !item.containsKey(counter) ? 0 : Long.parseLong(item.get(counter).n());
    }

    long agentSpent(String agentId) {
        var item = world.purser.dynamo().getItem(b -> b.tableName(world.purser.table()).consistentRead(true)
                .key(Attr.key("AGENT#" + agentId, "AGENT"))).item();
        return Long.parseLong(item.get("spent").n());
    }

    void assertLedgerBalanced() {
        var report = LedgerAudit.run(world.purser.dynamo(), world.purser.table());
        assertEquals(List.of(), report.violations(), "ledger invariants");
    }

    static JsonNode ok(int status, Resp r) {
        assertEquals(status, r.status(), r.toString());
        return r.json();
    }

    static JsonNode error(int status, String code, Resp r) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(code, r.json().path("code").asText(), r.toString());
        if (r.json().path("detail").asText().isBlank()) throw new AssertionError("no detail: " + r);
        return r.json();
    }

    /** Runs the calls at once (released together) and returns their results in order. */
    static <T> List<T> race(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(32, calls.size()));
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new java.util.ArrayList<>();
            for (Callable<T> c : calls) futures.add(pool.submit(() -> { go.await(); return c.call(); }));
            go.countDown();
            List<T> out = new java.util.ArrayList<>();
            for (Future<T> f : futures) out.add(f.get(120, TimeUnit.SECONDS));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static Duration seconds(long s) { return Duration.ofSeconds(s); }
}
