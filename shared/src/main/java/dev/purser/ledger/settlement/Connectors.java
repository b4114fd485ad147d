package dev.purser.ledger.settlement;

import dev.purser.ledger.LedgerConfig;
import java.util.Map;
import java.util.Optional;

/**
 * Which connector settles which rail. Payment rails are named as in the fee schedule
 * ({@code ach}, {@code card}, {@code crypto}, {@code wire}); payouts as {@code payout:bank},
 * {@code payout:crypto}, {@code payout:stripe}. {@code internal} needs none (it settles at once).
 * In sandbox mode the sandbox connector serves every rail but {@code wire}, so a rail without a
 * connector ({@code SETTLEMENT_NOT_CONFIGURED}) can be tried too; outside sandbox mode no rail has
 * one until a production connector is registered here.
 */
public record Connectors(Map<String, SettlementConnector> byRail) {
    public static final String INTERNAL = "internal";

    public static Connectors from(LedgerConfig config) {
        if (!config.sandbox()) return new Connectors(Map.of());
        SandboxConnector sandbox = new SandboxConnector();
        return new Connectors(Map.of("ach", sandbox, "card", sandbox, "crypto", sandbox,
                "payout:bank", sandbox, "payout:crypto", sandbox, "payout:stripe", sandbox));
    }

    public Optional<SettlementConnector> forRail(String rail) {
        return Optional.ofNullable(byRail.get(rail));
    }
}
