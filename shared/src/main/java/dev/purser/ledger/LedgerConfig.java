package dev.purser.ledger;

import java.util.Optional;
import java.util.function.Function;

/**
 * Ledger settings from the environment.
 *
 * @param sandbox          {@code PURSER_SANDBOX=true}: test-faucet funding and the sandbox
 *                         settlement connector are on (the local runtime sets it; a deployed stack
 *                         only with the CDK context {@code purser:sandbox=true})
 * @param faucetMaxPerCall {@code PURSER_FAUCET_MAX_PER_CALL} minor units (default 1,000.00)
 * @param faucetMaxPerDay  {@code PURSER_FAUCET_MAX_PER_DAY} minor units per wallet and UTC day (default 10,000.00)
 * @param fees             {@code PURSER_FEE_SCHEDULE} (see {@link FeeSchedule})
 */
public record LedgerConfig(boolean sandbox, long faucetMaxPerCall, long faucetMaxPerDay, FeeSchedule fees) {
    public static final String SANDBOX = "PURSER_SANDBOX";
    public static final String FAUCET_MAX_PER_CALL = "PURSER_FAUCET_MAX_PER_CALL";
    public static final String FAUCET_MAX_PER_DAY = "PURSER_FAUCET_MAX_PER_DAY";
    public static final String FEE_SCHEDULE = "PURSER_FEE_SCHEDULE";

    /**
     * @param lookup configuration by name ({@code Env::get}); the ledger does not depend on the
     *               wiring package, the wiring depends on it
     */
    public static LedgerConfig from(Function<String, Optional<String>> lookup) {
        return new LedgerConfig(
                Boolean.parseBoolean(lookup.apply(SANDBOX).orElse("false")),
                Long.parseLong(lookup.apply(FAUCET_MAX_PER_CALL).orElse("100000")),
                Long.parseLong(lookup.apply(FAUCET_MAX_PER_DAY).orElse("1000000")),
                FeeSchedule.parse(lookup.apply(FEE_SCHEDULE).orElse(null)));
    }
}
