package dev.purser.payouts;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import dev.purser.events.EventType;
import dev.purser.events.Outbox;
import dev.purser.idempotency.Fingerprint;
import dev.purser.idempotency.IdempotencyCheck;
import dev.purser.idempotency.IdempotencyRecord;
import dev.purser.idempotency.IdempotencyStore;
import dev.purser.idempotency.StoredResponse;
import dev.purser.json.Json;
import dev.purser.ledger.LedgerConfig;
import dev.purser.ledger.settlement.Connectors;
import dev.purser.ledger.store.LedgerIdempotency;
import dev.purser.ledger.store.LedgerItems;
import dev.purser.ledger.store.LedgerKeys;
import dev.purser.ledger.store.Movements;
import dev.purser.commit.Commit;
import dev.purser.commit.CommitOutcome;
import dev.purser.ledger.store.PageCursor;
import dev.purser.retry.Retry;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import dev.purser.wallets.Caller;
import dev.purser.wallets.Wallet;
import dev.purser.wallets.WalletStore;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Payouts: the wallet's money becomes a pending transfer to payouts-in-transit (no overdraft: the
 * wallet's {@code available >= amount} condition), with the payout item, idempotency record and
 * {@code payout.initiated} in ONE transaction; the settlement job completes or fails it.
 */
public final class PayoutService {
    private static final int MAX_ATTEMPTS = 40;

    private final DynamoDbClient dynamo;
    private final String table;
    private final WalletStore wallets;
    private final Movements movements;
    private final IdempotencyStore idempotency;
    private final Outbox outbox;
    private final Connectors connectors;
    private final Supplier<Instant> clock;

    public PayoutService(DynamoDbClient dynamo, String table, LedgerConfig config, Supplier<Instant> clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.wallets = new WalletStore(dynamo, table);
        this.movements = new Movements(new LedgerItems(table));
        this.idempotency = new IdempotencyStore(dynamo, table);
        this.outbox = new Outbox(table);
        this.connectors = Connectors.from(config);
        this.clock = clock;
    }

    public PayoutOutcome create(Caller caller, String walletId, long amount, String currency, Destination destination,
                                String description, String idemKey, Fingerprint fingerprint) {
        String rail = "payout:" + destination.type();
        if (connectors.forRail(rail).isEmpty()) return new PayoutOutcome.SettlementNotConfigured(rail);
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            Instant now = clock.get();
            Wallet w = walletId.length() > 100 ? null : wallets.get(walletId);
            if (!caller.mayUse(w)) return new PayoutOutcome.WalletNotFound();
            if (currency != null && !currency.equals(w.currency())) return new PayoutOutcome.CurrencyMismatch(w.currency());
            var key = LedgerIdempotency.key(caller.idempotencyOwner(), "payout", idemKey);
            var check = LedgerIdempotency.check(idempotency, key, fingerprint, now);
            if (check instanceof IdempotencyCheck.KeyReused) return new PayoutOutcome.IdempotencyKeyReused();
            if (check instanceof IdempotencyCheck.Replay rp) return new PayoutOutcome.Replayed(rp.response());
            if (w.balances().available() < amount) return new PayoutOutcome.InsufficientFunds(w.balances().available(), amount);
            String id = Payout.ID_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
            Payout p = new Payout(id, w.accountId(), w.agentId(), w.id(), amount, w.currency(), destination, description,
                    PayoutStatus.PENDING, null, estimatedArrival(destination, now), now, now, null);
            Commit tx = Commit.in(table);
            tx.item("payout", put(p));
            movements.create(tx, List.of(p.pendingTransfer()), id, now, description == null ? destination.label() : description);
            if (key != null) {
                tx.idempotency(IdempotencyRecord.completed(key, fingerprint,
                        new StoredResponse(201, Json.write(PayoutViews.payout(p))), now));
            }
            tx.item("event", outbox.put(EventType.PAYOUT_INITIATED, p.accountId(), PayoutViews.payout(p), now));
            CommitOutcome r = tx.run(dynamo);
            if (r.committed()) return new PayoutOutcome.Created(p);
            if (r instanceof CommitOutcome.ConditionFailed f && f.label().equals(LedgerItems.walletLabel(w.id()))) {
                return new PayoutOutcome.InsufficientFunds(w.balances().available(), amount);
            }
        }
        throw new IllegalStateException("payout from " + walletId + " kept contending");
    }

    /** ACH: two business days; on-chain: the same day; Stripe: the next day. */
    static LocalDate estimatedArrival(Destination d, Instant now) {
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        if (d instanceof Destination.Crypto) return day;
        if (d instanceof Destination.Stripe) return day.plusDays(1);
        int added = 0;
        while (added < 2) {
            day = day.plusDays(1);
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) added++;
        }
        return day;
    }

    private TransactWriteItem put(Payout p) {
        Map<String, AttributeValue> item = new HashMap<>();
        String created = Times.stored(p.createdAt());
        item.put(TableDefinition.PK, s(LedgerKeys.payout(p.id())));
        item.put(TableDefinition.SK, s(LedgerKeys.PAYOUT_SK));
        item.put(TableDefinition.GSI1_PK, s(LedgerKeys.accountPayouts(p.accountId())));
        item.put(TableDefinition.GSI1_SK, s(created + "#" + p.id()));
        item.put(TableDefinition.DUE_PK, s(LedgerKeys.SETTLE_PARTITION));
        item.put(TableDefinition.DUE_AT, s(created + "#" + p.id()));
        item.put("payout_id", s(p.id()));
        item.put("account_id", s(p.accountId()));
        item.put("agent_id", s(p.agentId()));
        item.put("wallet_id", s(p.walletId()));
        item.put("amount", n(p.amount()));
        item.put("currency", s(p.currency()));
        item.put("destination_type", s(p.destination().type()));
        item.put("destination", s(Json.write(Payout.destinationJson(p.destination()))));
        if (p.description() != null) item.put("description", s(p.description()));
        item.put("status", s(p.status().wire()));
        item.put("estimated_arrival", s(p.estimatedArrival().toString()));
        item.put("created_at", s(created));
        item.put("updated_at", s(created));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    public Payout get(String payoutId) {
        if (payoutId == null || payoutId.length() > 100) return null;
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(LedgerKeys.payout(payoutId), LedgerKeys.PAYOUT_SK))).item();
        return item == null || item.isEmpty() ? null : Payout.fromItem(item);
    }

    /** The payout if the caller may see it: the account's owner, or the agent whose wallet it left. */
    public Payout visible(Caller caller, String payoutId) {
        Payout p = get(payoutId);
        if (p == null || !p.accountId().equals(caller.accountId())) return null;
        if (caller instanceof Caller.AgentCaller a && !a.agentId().equals(p.agentId())) return null;
        return p;
    }

    /** A page and the opaque cursor of the next (null at the end). */
    public record Page(List<Payout> payouts, String next) {}

    public Page list(Caller caller, String status, int limit, String cursor) {
        Map<String, AttributeValue> start = PageCursor.decode(cursor, TableDefinition.GSI1_PK,
                LedgerKeys.accountPayouts(caller.accountId()));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", s(LedgerKeys.accountPayouts(caller.accountId()))));
        Map<String, String> names = new HashMap<>(Map.of("#p", TableDefinition.GSI1_PK));
        StringBuilder filter = new StringBuilder();
        if (status != null) {
            filter.append("#st = :st");
            values.put(":st", s(status));
            names.put("#st", "status");
        }
        if (caller instanceof Caller.AgentCaller a) {
            if (filter.length() > 0) filter.append(" AND ");
            filter.append("agent_id = :a");
            values.put(":a", s(a.agentId()));
        }
        QueryResponse r = dynamo.query(b -> b.tableName(table).indexName(TableDefinition.GSI1)
                .keyConditionExpression("#p = :p")
                .filterExpression(filter.length() == 0 ? null : filter.toString())
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .scanIndexForward(false).limit(limit).exclusiveStartKey(start));
        String next = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()
                ? PageCursor.encode(r.lastEvaluatedKey()) : null;
        return new Page(r.items().stream().map(Payout::fromItem).toList(), next);
    }
}
