package dev.purser.x402;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsdConversionTest {
    static UsdConversion.Result convert(String rates, String amount, String asset) {
        return new UsdConversion(ConfiguredRates.parse(rates)).convert(new BigDecimal(amount), asset);
    }

    static long cents(UsdConversion.Result r) {
        return ((UsdConversion.Result.Converted) r).amountUsdMinor();
    }

    static String reason(UsdConversion.Result r) {
        return ((UsdConversion.Result.Declined) r).reason();
    }

    @Test
    void defaultsArePeggedOffline() {
        assertEquals(1234, cents(convert(null, "12.34", "USD")));
        assertEquals(1234, cents(convert("", "12.34", "usdc")));
        assertEquals(1234, cents(convert(null, "12.34", "USDT")));
        assertEquals("UNSUPPORTED_ASSET: DAI", reason(convert(null, "1", "DAI")));
    }

    @Test
    void depegDeclinesBeyondOnePercentOfWhateverTheSourceSays() {
        assertEquals("STABLECOIN_DEPEG: USDC deviation 1.5%", reason(convert("USDC=0.985", "10", "USDC")));
        assertEquals("STABLECOIN_DEPEG: USDT deviation 1.1%", reason(convert("USDT=1.011", "10", "USDT")));
        // Exactly 1 % passes; 0.6 % only warns. Rounded up to the cent.
        assertEquals(990, cents(convert("USDC=0.99", "10", "USDC")));
        assertEquals(995, cents(convert("USDC=0.9945", "10.00", "USDC")));
        assertEquals(1, cents(convert("USDC=0.994", "0.01", "USDC")));
        assertEquals(2, cents(convert("USDC=1.006", "0.01", "USDC")));
        // USD itself is never converted; a configured non-stablecoin has no peg to lose.
        assertEquals(1000, cents(convert("USD=0.5", "10", "USD")));
        assertEquals(1080, cents(convert("EURC=1.08", "10", "EURC")));
    }

    @Test
    void aPluggedSourceIsCheckedTheSameWay() {
        RateSource live = asset -> java.util.Optional.of(new BigDecimal("0.97"));
        assertTrue(new UsdConversion(live).convert(BigDecimal.ONE, "USDC") instanceof UsdConversion.Result.Declined);
        assertFalse(new UsdConversion(new ConfiguredRates(Map.of())).convert(BigDecimal.ONE, "USDC") instanceof UsdConversion.Result.Declined);
    }

    @Test
    void malformedConfigurationStopsInit() {
        assertThrows(IllegalArgumentException.class, () -> ConfiguredRates.parse("USDC"));
        assertThrows(IllegalArgumentException.class, () -> ConfiguredRates.parse("USDC=-1"));
        assertThrows(NumberFormatException.class, () -> ConfiguredRates.parse("USDC=abc"));
    }

    @Test
    void domainPatternsAndChains() {
        assertTrue(DomainPattern.matches("*.x.com", "x.com"));
        assertTrue(DomainPattern.matches("*.x.com", "a.b.x.com"));
        assertFalse(DomainPattern.matches("*.x.com", "evilx.com"));
        assertTrue(DomainPattern.matches("API.x.com", "api.x.com"));
        assertFalse(DomainPattern.matches("x.com", "a.x.com"));
        assertEquals("api.x.com", DomainPattern.hostOf("https://API.x.com:8443/p?q=1"));
        assertEquals(null, DomainPattern.hostOf("not a url"));
        assertEquals("base", Chains.of("eip155:8453"));
        assertEquals("base-sepolia", Chains.of("eip155:84532"));
        assertEquals("ethereum", Chains.of("eip155:1"));
        assertEquals("solana", Chains.of("solana:mainnet"));
        assertEquals("eip155:10", Chains.of("eip155:10"));
    }
}
