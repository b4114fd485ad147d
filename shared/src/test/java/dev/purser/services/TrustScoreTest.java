package dev.purser.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.services.TrustScore.Stats;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The trust score formula (docs/disputes.md#trust-score): known answers and its properties. */
class TrustScoreTest {

    @Test
    void aNewServiceStartsNeutral() {
        assertEquals(50, TrustScore.of(Stats.NONE));
        assertEquals(TrustScore.NEUTRAL, TrustScore.of(new Stats(0, 0, 0, 0)));
    }

    @Test
    void knownAnswers() {
        // (5 + good) / (10 + good + bad), half up.
        assertEquals(95, TrustScore.of(new Stats(100, 0, 0, 0)));   // 105/110 = 95.45
        assertEquals(55, TrustScore.of(new Stats(1, 0, 0, 0)));     // 6/11 = 54.5 -> 55
        assertEquals(33, TrustScore.of(new Stats(0, 5, 0, 0)));     // 5/15
    }

    @Test
    void knownAnswersExact() {
        assertEquals(88, TrustScore.of(new Stats(100, 10, 0, 0)));  // 105/120 = 87.5 -> 88 (half up)
        // 100 settled, 4 disputes of which 2 refunded: good 98, bad 2*2 + 0.25*2 = 4.5 -> 103/112.5 = 91.56
        assertEquals(92, TrustScore.of(new Stats(100, 0, 4, 2)));
        // One open dispute on 10 calls: 15/20.25 = 74.07
        assertEquals(74, TrustScore.of(new Stats(10, 0, 1, 0)));
    }

    @Test
    void failuresLowerTheScoreAndARefundedDisputeWeighsMoreThanAClaim() {
        int clean = TrustScore.of(new Stats(50, 0, 0, 0));
        int breached = TrustScore.of(new Stats(50, 5, 0, 0));
        int claimed = TrustScore.of(new Stats(50, 0, 5, 0));
        int refunded = TrustScore.of(new Stats(50, 0, 5, 5));
        assertTrue(clean > claimed && claimed > breached && breached > refunded,
                clean + " " + claimed + " " + breached + " " + refunded);
    }

    @Test
    void alwaysWithinZeroAndHundredAndMonotonic() {
        Random random = new Random(13);
        for (int i = 0; i < 10_000; i++) {
            Stats s = new Stats(random.nextInt(1_000_000), random.nextInt(1000), random.nextInt(1000), random.nextInt(1000));
            int score = TrustScore.of(s);
            assertTrue(score >= 0 && score <= 100, s + " -> " + score);
            assertTrue(TrustScore.of(new Stats(s.settled() + 100, s.breached(), s.disputed(), s.refundedDisputes())) >= score, s.toString());
            assertTrue(TrustScore.of(new Stats(s.settled(), s.breached() + 1, s.disputed(), s.refundedDisputes())) <= score, s.toString());
        }
        assertEquals(0, TrustScore.of(new Stats(0, Long.MAX_VALUE / 16, 0, 0)));
        assertEquals(100, TrustScore.of(new Stats(Long.MAX_VALUE / 1024, 0, 0, 0)));
    }
}
