package dev.purser.ledger.store;

import dev.purser.ledger.AccountKind;

/**
 * Keys of the ledger's items in the single table (docs/ledger.md lists them). Kept here rather than
 * in {@code store.Keys} so the ledger is one package.
 */
public final class LedgerKeys {
    private LedgerKeys() {}

    public static final String WALLET_SK = "WALLET";
    public static final String TRANSFER_SK = "TRANSFER";
    public static final String PAYMENT_SK = "PAYMENT";
    public static final String PAYOUT_SK = "PAYOUT";
    /** Sparse settlement index partition (on the {@code due} index, beside the expiry sweep's). */
    public static final String SETTLE_PARTITION = "SETTLE";

    public static String wallet(String walletId) { return "WALLET#" + walletId; }

    /** One ledger line of a wallet: {@code LINE#<at>#<transfer id>#<phase>}, oldest first. */
    public static String lineSk(String at, String transferId, String phase) { return "LINE#" + at + "#" + transferId + "#" + phase; }

    public static final String LINE_PREFIX = "LINE#";

    /** Sandbox funding of one wallet in one UTC day (the per-day faucet cap). */
    public static String faucetSk(String utcDay) { return "FAUCET#" + utcDay; }

    public static String systemAccount(AccountKind kind, String currency) { return "LEDGER#" + kind.name() + "#" + currency; }

    public static String shardSk(int shard) { return "SHARD#" + shard; }

    public static String transfer(String transferId) { return "TRANSFER#" + transferId; }

    public static String payment(String paymentId) { return "PAYMENT#" + paymentId; }

    public static String refundSk(String refundId) { return "REFUND#" + refundId; }

    public static String payout(String payoutId) { return "PAYOUT#" + payoutId; }

    public static String accountWallets(String accountId) { return "ACCOUNT#" + accountId + "#WALLETS"; }

    public static String accountPayments(String accountId) { return "ACCOUNT#" + accountId + "#PAYMENTS"; }

    public static String accountPayouts(String accountId) { return "ACCOUNT#" + accountId + "#PAYOUTS"; }

    /** A payout destination the account's owner approved (under {@code ACCOUNT#<id>}). */
    public static String payoutDestinationSk(String destinationId) { return "PAYOUTDEST#" + destinationId; }

    public static final String PAYOUT_DESTINATION_PREFIX = "PAYOUTDEST#";

    /** The account's payout settings (under {@code ACCOUNT#<id>}): whether agents may pay out. */
    public static final String PAYOUT_SETTINGS_SK = "PAYOUTSETTINGS";

    /** Idempotency records of ledger writes live beside the request path's, in their own namespace. */
    public static String idempotencySk(String scope, String key) { return "IDEMPOTENCY#" + scope + ":" + key; }
}
