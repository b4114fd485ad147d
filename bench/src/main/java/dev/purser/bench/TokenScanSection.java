package dev.purser.bench;

import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import dev.purser.config.Env;
import dev.purser.ledger.LedgerConfig;
import dev.purser.ledger.Transfer;
import dev.purser.ledger.store.LedgerItems;
import dev.purser.ledger.store.LedgerKeys;
import dev.purser.payments.Payment;
import dev.purser.payments.PaymentItems;
import dev.purser.payments.PaymentService;
import dev.purser.payments.PaymentStatus;
import dev.purser.store.TableDefinition;
import dev.purser.x402tokens.PaymentToken;
import dev.purser.x402tokens.PaymentTokens;
import dev.purser.x402tokens.SigningKeys;
import dev.purser.x402tokens.TokenItems;
import dev.purser.x402tokens.TokenScan;
import dev.purser.x402tokens.TokenStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The x402 SLA scan and token expiry on its own table, at two table sizes: D due tokens (half past
 * their expiry, unredeemed; half started and past their SLA deadline) among N not-due live tokens in
 * the SAME due partition, then among 10 N. Tokens, their payments (status {@code authorized}) and
 * pending transfers are seeded directly in the stores' own item shapes. The scan reads only the
 * due slice of the sparse index, so its time per due token should be about constant across sizes.
 */
final class TokenScanSection {
    private static final String TABLE = "purser-bench-tokenscan";
    private static final Instant NOW = Instant.parse("2026-11-23T15:00:00Z");

    void run(Settings settings, Env env, Report report) throws Exception {
        RoundTrips trips = new RoundTrips();
        BenchWorld world = new BenchWorld(env, TABLE, Clock.fixed(NOW, ZoneId.of("UTC")), trips);
        DynamoDbClient dynamo = world.purser.dynamo();
        String consumerWallet = "wal_bench_c_" + UUID.randomUUID().toString().substring(0, 8);
        String providerWallet = "wal_bench_p_" + UUID.randomUUID().toString().substring(0, 8);
        for (String w : List.of(consumerWallet, providerWallet)) {
            dynamo.putItem(b -> b.tableName(TABLE).item(Map.of(TableDefinition.PK, s(LedgerKeys.wallet(w)),
                    TableDefinition.SK, s(LedgerKeys.WALLET_SK), "currency", s("USD"), "available", n(0))));
        }
        PaymentTokens tokens = new PaymentTokens(dynamo, TABLE,
                new PaymentService(dynamo, TABLE, LedgerConfig.from(env::get), () -> NOW),
                new SigningKeys(dynamo, TABLE), () -> NOW, PaymentTokens.DEFAULT_TTL, PaymentTokens.DEFAULT_SLA);
        TokenScan scan = new TokenScan(dynamo, TABLE, tokens);
        int small = Math.max(100, settings.sweepNotDue() / 10);
        int[] sizes = {small, settings.sweepNotDue()};
        int due = Math.max(20, settings.sweepDue() / 10);
        var json = report.section("x402_token_scan");
        json.put("due_per_run", due);
        var runs = json.putArray("runs");
        int seeded = 0;
        for (int size : sizes) {
            seed(dynamo, consumerWallet, providerWallet, size - seeded, false, "seeding " + (size - seeded) + " live, not-due tokens");
            seeded = size;
            seed(dynamo, consumerWallet, providerWallet, due, true, "seeding " + due + " due tokens");
            Progress progress = new Progress("scanning " + due + " due among " + size + " not due", due);
            trips.reset();
            int expired = 0, breached = 0;
            long t0 = System.nanoTime();
            while (true) {
                TokenScan.Result r = scan.run(NOW, 200);
                expired += r.expired();
                breached += r.breached();
                progress.update(expired + breached);
                if (r.expired() + r.breached() == 0) break;
            }
            long nanos = System.nanoTime() - t0;
            progress.done();
            int roundTrips = trips.reset();
            int ended = expired + breached;
            double perTokenMs = nanos / 1e6 / Math.max(1, ended);
            String label = "x402 token scan: " + due + " due / " + size + " not due";
            report.row(label, "time to end all due", Report.num(nanos / 1e9, 2) + " s", "");
            report.row(label, "per due token", Report.num(perTokenMs, 2) + " ms", "~constant");
            report.row(label, "DynamoDB round trips per due token", Report.num(roundTrips / (double) Math.max(1, ended), 2), "");
            var o = runs.addObject();
            o.put("not_due", size);
            o.put("due", due);
            o.put("expired", expired);
            o.put("sla_breached", breached);
            o.put("ms_per_due_token", perTokenMs);
            o.put("round_trips", roundTrips);
            if (ended != due) report.row(label, "UNEXPECTED ended count", Integer.toString(ended), Integer.toString(due));
        }
    }

    /** {@code count} tokens with their payments and pending transfers; due ones alternate expired / SLA-breached. */
    private static void seed(DynamoDbClient dynamo, String consumerWallet, String providerWallet, int count, boolean due,
                             String label) throws Exception {
        TokenItems tokenItems = new TokenItems(dynamo, TABLE);
        PaymentItems paymentItems = new PaymentItems(TABLE);
        LedgerItems ledgerItems = new LedgerItems(TABLE);
        Seeder.seed(dynamo, TABLE, count, label, i -> {
            boolean breached = due && i % 2 == 1;
            Instant created = due ? NOW.minus(Duration.ofMinutes(10)) : NOW;
            String payId = PaymentService.newId();
            Payment p = new Payment(payId, "acct_bench", "agt_bench_c", consumerWallet, providerWallet, null, 200, 1,
                    "USD", "internal", PaymentStatus.AUTHORIZED, "bench", "api", "bench", null, 0, null,
                    created, created, null, null, "svc_bench");
            PaymentToken tok = new PaymentToken(PaymentTokens.newTokenId(), payId, "svc_bench", "agt_bench_c",
                    "acct_bench", "agt_bench_p", "acct_bench_p", consumerWallet, providerWallet, 200, 1, "USD",
                    breached ? TokenStatus.CALL_STARTED : TokenStatus.AUTHORIZED, created.plus(Duration.ofMinutes(5)),
                    5000, breached ? created.plusSeconds(65) : null, created, breached ? created.plusSeconds(1) : null,
                    breached ? created.plusSeconds(60) : null, null, null);
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            items.add(tokenItems.put(tok).put().item());
            items.add(paymentItems.put(p).put().item());
            for (Transfer x : p.transfers(false)) items.add(ledgerItems.putTransfer(x).put().item());
            return items;
        });
    }
}
