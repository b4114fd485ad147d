package dev.purser.x402;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The assets Purser knows by symbol and by contract address (docs/x402.md "Known assets"): an
 * official x402 {@code PaymentRequirements} names its asset by contract (or mint) address and its
 * amount in the asset's atomic units, so the router needs the symbol (for the rate) and the
 * decimals (to check the amount against {@code max_amount_usd}).
 */
public final class KnownAssets {
    /** A known asset: its symbol and how many decimals its atomic units have. */
    public record Asset(String symbol, int decimals) {}

    private static final Asset USDC = new Asset("USDC", 6);
    private static final Asset USDT = new Asset("USDT", 6);
    private static final Asset EURC = new Asset("EURC", 6);

    private static final Map<String, Asset> BY_SYMBOL = Map.of("USDC", USDC, "USDT", USDT, "EURC", EURC);

    /** Contract addresses (EVM, lower-cased) and mints (Solana, as written) of the assets above. */
    private static final Map<String, Asset> BY_ADDRESS = Map.of(
            "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913", USDC, // Base
            "0x036cbd53842c5426634e7929541ec2318f3dcf7e", USDC, // Base Sepolia
            "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", USDC, // Ethereum
            "0xdac17f958d2ee523a2206206994597c13d831ec7", USDT, // Ethereum
            "0x60a3e35cc302bfa44cb288bc5a4f316fdb1adb42", EURC, // Base
            "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", USDC, // Solana
            "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU", USDC, // Solana devnet
            "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB", USDT); // Solana

    /** EIP-712 domain names the official packages put in {@code extra.name}, to symbols. */
    private static final Map<String, String> BY_NAME = Map.of("USD COIN", "USDC", "TETHER USD", "USDT", "EURO COIN", "EURC");

    private KnownAssets() {}

    public static Optional<Asset> bySymbol(String symbol) {
        return symbol == null ? Optional.empty() : Optional.ofNullable(BY_SYMBOL.get(symbol.strip().toUpperCase(Locale.ROOT)));
    }

    public static Optional<Asset> byAddress(String address) {
        if (address == null) return Optional.empty();
        Asset a = BY_ADDRESS.get(address.startsWith("0x") ? address.toLowerCase(Locale.ROOT) : address);
        return Optional.ofNullable(a);
    }

    /** The symbol an {@code extra.name} stands for: a known EIP-712 name, else the name itself upper-cased. */
    public static String symbolOfName(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT);
        return BY_NAME.getOrDefault(n, n);
    }
}
