package dev.purser.wallets;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import dev.purser.accounts.Account;
import dev.purser.accounts.AccountStore;
import dev.purser.accounts.Agent;
import dev.purser.accounts.AgentStore;
import dev.purser.events.EventType;
import dev.purser.events.Outbox;
import dev.purser.idempotency.Fingerprint;
import dev.purser.idempotency.IdempotencyCheck;
import dev.purser.idempotency.IdempotencyRecord;
import dev.purser.idempotency.IdempotencyStore;
import dev.purser.idempotency.StoredResponse;
import dev.purser.json.Json;
import dev.purser.ledger.AccountKind;
import dev.purser.ledger.Balances;
import dev.purser.ledger.LedgerAccountRef;
import dev.purser.ledger.LedgerConfig;
import dev.purser.ledger.Postings;
import dev.purser.ledger.Transfer;
import dev.purser.ledger.TransferKind;
import dev.purser.ledger.store.LedgerIdempotency;
import dev.purser.ledger.store.LedgerItems;
import dev.purser.ledger.store.LedgerKeys;
import dev.purser.commit.Commit;
import dev.purser.commit.CommitOutcome;
import dev.purser.money.Money;
import dev.purser.policy.AgentStatus;
import dev.purser.retry.Retry;
import dev.purser.store.TableDefinition;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Wallet use cases: create (an agent's wallet in a currency), the default wallet of a new agent,
 * and sandbox funding from the test faucet. No HTTP here.
 */
public final class WalletService {
    private static final int MAX_ATTEMPTS = 20;

    private final DynamoDbClient dynamo;
    private final String table;
    private final WalletStore wallets;
    private final AgentStore agents;
    private final AccountStore accounts;
    private final LedgerItems ledger;
    private final IdempotencyStore idempotency;
    private final Outbox outbox;
    private final LedgerConfig config;
    private final Supplier<Instant> clock;

    public WalletService(DynamoDbClient dynamo, String table, LedgerConfig config, Supplier<Instant> clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.wallets = new WalletStore(dynamo, table);
        this.agents = new AgentStore(dynamo, table);
        this.accounts = new AccountStore(dynamo, table);
        this.ledger = new LedgerItems(table);
        this.idempotency = new IdempotencyStore(dynamo, table);
        this.outbox = new Outbox(table);
        this.config = config;
        this.clock = clock;
    }

    public WalletStore store() { return wallets; }

    public LedgerConfig config() { return config; }

    /** How creating a wallet ended. */
    public sealed interface CreateOutcome {
        record Created(Wallet wallet) implements CreateOutcome {}

        record AgentNotFound() implements CreateOutcome {}

        record AgentArchived() implements CreateOutcome {}
    }

    /**
     * A wallet for an agent of the caller's account: owners name the agent, agents get one of their
     * own. The currency defaults to the account's.
     */
    public CreateOutcome createFor(Caller caller, String agentId, String currency, String name, String accountCurrency) {
        String target = agentId;
        if (caller instanceof Caller.AgentCaller a) {
            if (target != null && !target.equals(a.agentId())) return new CreateOutcome.AgentNotFound();
            target = a.agentId();
        }
        if (target == null) return new CreateOutcome.AgentNotFound();
        Agent agent = agents.get(target);
        if (agent == null || !agent.accountId().equals(caller.accountId())) return new CreateOutcome.AgentNotFound();
        if (agent.status() == AgentStatus.ARCHIVED) return new CreateOutcome.AgentArchived();
        return new CreateOutcome.Created(create(agent, currency == null ? accountCurrency : currency, name));
    }

    /** The caller's account currency (wallets default to it). */
    public String accountCurrency(String accountId) {
        var a = accounts.get(accountId);
        return a == null ? Account.DEFAULT_CURRENCY : a.currency();
    }

    /** A new wallet for an agent of the account, with its {@code wallet.created} event, in one transaction. */
    public Wallet create(Agent agent, String currency, String name) {
        Instant now = clock.get();
        Wallet w = new Wallet(WalletStore.newId(), agent.accountId(), agent.id(), currency, name, false,
                Balances.ZERO, now);
        dynamo.transactWriteItems(b -> b.transactItems(List.of(wallets.put(w),
                outbox.put(EventType.WALLET_CREATED, w.accountId(), WalletViews.wallet(w), now))));
        return w;
    }

    /**
     * The agent's default wallet (id derived from the agent id, so this is idempotent): made at
     * registration, or found when a registration is repeated.
     */
    public Wallet ensureDefault(String accountId, String agentId, String currency) {
        Wallet w = new Wallet(WalletStore.defaultId(agentId), accountId, agentId, currency, "default", true,
                Balances.ZERO, clock.get());
        return wallets.createOrGet(w);
    }

    /** The wallet if the caller may see it, else null (unknown and other accounts' alike). */
    public Wallet visible(Caller caller, String walletId) {
        if (walletId == null || walletId.length() > 64) return null;
        Wallet w = wallets.get(walletId);
        return caller.maySee(w) ? w : null;
    }

    /**
     * Sandbox funding: a posted transfer from the currency's funding account to the wallet, its line,
     * the per-day faucet counter (conditional on the cap), the idempotency record and
     * {@code wallet.funded}, in ONE transaction.
     */
    public FundOutcome fund(Caller caller, String walletId, long amount, String idemKey,
                            Fingerprint fingerprint) {
        if (!config.sandbox()) return new FundOutcome.NotSandbox();
        if (amount > config.faucetMaxPerCall()) return new FundOutcome.AboveCallCap(config.faucetMaxPerCall());
        for (int attempt : Retry.attempts(MAX_ATTEMPTS)) {
            Instant now = clock.get();
            Wallet w = visible(caller, walletId);
            if (w == null) return new FundOutcome.WalletNotFound();
            var key = LedgerIdempotency.key(caller.idempotencyOwner(), "fund", idemKey);
            var check = LedgerIdempotency.check(idempotency, key, fingerprint, now);
            if (check instanceof IdempotencyCheck.KeyReused) return new FundOutcome.IdempotencyKeyReused();
            if (check instanceof IdempotencyCheck.Replay r) return new FundOutcome.Replayed(r.response());
            String fundingId = "fund_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
            Transfer t = Transfer.posted(fundingId + ":funding",
                    LedgerAccountRef.system(AccountKind.FUNDING, w.currency()), w.ledgerAccount(), amount,
                    TransferKind.FUNDING, fundingId, now);
            Commit tx = Commit.in(table);
            tx.item("transfer", ledger.putTransfer(t));
            for (var c : Postings.creating(List.of(t))) {
                tx.item(c.account().isWallet() ? LedgerItems.walletLabel(w.id()) : "system", ledger.balance(c, fundingId));
            }
            addAll(tx, "line", ledger.lines(t, "posted", amount, now, "test_faucet"));
            tx.item("faucet", faucetCounter(w.id(), amount, now));
            Wallet after = new Wallet(w.id(), w.accountId(), w.agentId(), w.currency(), w.name(), w.isDefault(),
                    w.balances().plus(t.creation().get(1)), w.createdAt());
            var data = WalletViews.balance(after);
            data.put("amount", Money.plain(amount));
            data.put("source", "test_faucet");
            data.put("transfer_id", t.id());
            tx.item("event", outbox.put(EventType.WALLET_FUNDED, w.accountId(), data, now));
            if (key != null) {
                tx.idempotency(IdempotencyRecord.completed(key, fingerprint,
                        new StoredResponse(200, Json.write(WalletViews.funded(after, t.id(), amount))), now));
            }
            CommitOutcome r = tx.run(dynamo);
            if (r.committed()) return new FundOutcome.Funded(after, t.id(), amount);
            if (r instanceof CommitOutcome.ConditionFailed f && f.label().equals("faucet")) {
                return new FundOutcome.DailyCapReached(config.faucetMaxPerDay());
            }
        }
        throw new IllegalStateException("funding of " + walletId + " kept contending");
    }

    private TransactWriteItem faucetCounter(String walletId, long amount, Instant now) {
        String day = now.atZone(ZoneOffset.UTC).toLocalDate().toString();
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(LedgerKeys.wallet(walletId), LedgerKeys.faucetSk(day)))
                .updateExpression("ADD funded :a SET #ttl = :ttl")
                .conditionExpression("attribute_not_exists(funded) OR funded <= :max")
                .expressionAttributeNames(Map.of("#ttl", TableDefinition.TTL))
                .expressionAttributeValues(Map.of(":a", n(amount), ":max", n(config.faucetMaxPerDay() - amount),
                        ":ttl", n(now.plusSeconds(3 * 86_400).getEpochSecond())))
                .build()).build();
    }


    private static void addAll(Commit tx, String label, java.util.List<software.amazon.awssdk.services.dynamodb.model.TransactWriteItem> items) {
        for (var i : items) tx.item(label, i);
    }
}
