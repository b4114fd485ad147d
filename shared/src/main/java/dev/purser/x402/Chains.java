package dev.purser.x402;

import java.util.List;
import java.util.Map;

/** CAIP-2 networks to the chain names policies and wallets use (spec §4 step 2). */
public final class Chains {
    private static final Map<String, String> BY_NETWORK = Map.of(
            "eip155:8453", "base",
            "eip155:84532", "base-sepolia",
            "eip155:1", "ethereum",
            "solana:mainnet", "solana");

    /** The chains an x402 policy allows when it names none. */
    public static final List<String> DEFAULT_ALLOWED = List.of("base", "base-sepolia");

    /** The chains a wallet may be registered on. */
    public static final List<String> WALLET_CHAINS = List.of("base", "base-sepolia", "ethereum", "solana");

    private Chains() {}

    /** The chain of a network id; any other value is used as it is (upstream). */
    public static String of(String network) {
        return BY_NETWORK.getOrDefault(network, network);
    }
}
