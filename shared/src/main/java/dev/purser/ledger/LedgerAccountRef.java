package dev.purser.ledger;

import java.util.Objects;

/**
 * Names a ledger account: a wallet by its id, or a system account by kind and currency.
 * System accounts are written by every movement of their currency, so the store spreads each over
 * {@link #SHARDS} items (a shard is picked from the transfer id); their balance is the sum.
 */
public record LedgerAccountRef(AccountKind kind, String walletId, String currency) {
    public static final int SHARDS = 8;

    public LedgerAccountRef {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(currency);
        if (kind == AccountKind.WALLET && walletId == null) throw new IllegalArgumentException("wallet id required");
        if (kind != AccountKind.WALLET && walletId != null) throw new IllegalArgumentException("system accounts have no wallet id");
    }

    public static LedgerAccountRef wallet(String walletId, String currency) {
        return new LedgerAccountRef(AccountKind.WALLET, walletId, currency);
    }

    public static LedgerAccountRef system(AccountKind kind, String currency) {
        if (!kind.system()) throw new IllegalArgumentException(kind + " is not a system account");
        return new LedgerAccountRef(kind, null, currency);
    }

    public boolean isWallet() {
        return kind == AccountKind.WALLET;
    }

    /** The id shown on transfers: the wallet id, or {@code sys_fees_usd}. */
    public String id() {
        return isWallet() ? walletId : "sys_" + kind.name().toLowerCase(java.util.Locale.ROOT) + "_"
                + currency.toLowerCase(java.util.Locale.ROOT);
    }
}
