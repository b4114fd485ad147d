package dev.purser.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one retry loop: bounded, attempts numbered from 0, and it gives up by ending, never by looping on. */
class RetryTest {
    @Test
    void yieldsExactlyTheBoundedAttemptsInOrder() {
        List<Integer> seen = new ArrayList<>();
        for (int attempt : Retry.attempts(4)) seen.add(attempt);
        assertEquals(List.of(0, 1, 2, 3), seen);
    }

    @Test
    void aBodyThatReturnsEndsTheLoopAtOnce() {
        assertEquals(2, firstThatWins(2));
        assertEquals(-1, firstThatWins(99), "past the bound the caller's own answer follows the loop");
    }

    @Test
    void anInterruptedPauseGivesUpAsContendedAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(Contended.class, () -> Retry.pause(3));
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void noPauseBeforeTheFirstAttempt() {
        Thread.currentThread().interrupt();
        try {
            Retry.pause(0); // would throw if it slept
        } finally {
            Thread.interrupted();
        }
    }

    private static int firstThatWins(int winning) {
        for (int attempt : Retry.attempts(Retry.ATTEMPTS)) {
            if (attempt == winning) return attempt;
        }
        return -1;
    }
}
