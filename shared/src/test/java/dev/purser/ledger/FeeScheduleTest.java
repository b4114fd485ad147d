package dev.purser.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FeeScheduleTest {
    @Test
    void percentagePartRoundsHalfUpToTheCentThenFixedIsAdded() {
        FeeSchedule f = FeeSchedule.DEFAULT;
        assertEquals(2, f.fee("internal", 500));   // 1.5 cents → 2 (the seed's 5 → 0.02)
        assertEquals(0, f.fee("internal", 100));   // 0.3 cents → 0
        assertEquals(1, f.fee("internal", 167));   // 0.501 → 1
        assertEquals(0, f.fee("internal", 166));   // 0.498 → 0
        assertEquals(25, f.fee("ach", 1_000_000));
        assertEquals(29 + 30, f.fee("card", 1000));
        assertEquals(3_000_000L, f.fee("internal", 1_000_000_000L));
    }

    @Test
    void configuredRatesOverrideDefaults() {
        FeeSchedule f = FeeSchedule.parse("internal=0+0; ach=50+10");
        assertEquals(0, f.fee("internal", 500));
        assertEquals(15, f.fee("ach", 1000));
        assertEquals(1500, f.fee("wire", 1));
        assertThrows(IllegalArgumentException.class, () -> FeeSchedule.parse("internal=30"));
        assertThrows(IllegalArgumentException.class, () -> f.fee("carrier_pigeon", 1));
    }
}
