package dev.purser.payouts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class PayoutStatusTest {
    @Test
    void aHeldPayoutIsDecidedByTheOwnerAndNotTheRail() {
        assertEquals(EnumSet.of(PayoutStatus.PENDING, PayoutStatus.REJECTED, PayoutStatus.EXPIRED),
                PayoutStatus.PENDING_APPROVAL.next());
        assertFalse(PayoutStatus.PENDING_APPROVAL.settling(), "not on the rail until approved");
        assertThrows(IllegalStateException.class, () -> PayoutStatus.PENDING_APPROVAL.to(PayoutStatus.COMPLETED));
        assertThrows(IllegalStateException.class, () -> PayoutStatus.PENDING_APPROVAL.to(PayoutStatus.FAILED));
        assertEquals(PayoutStatus.PENDING, PayoutStatus.PENDING_APPROVAL.to(PayoutStatus.PENDING));
    }

    @Test
    void theRailMovesOnlyPendingSubmittedAndSettling() {
        for (PayoutStatus s : PayoutStatus.values()) {
            boolean rail = s == PayoutStatus.PENDING || s == PayoutStatus.SUBMITTED || s == PayoutStatus.SETTLING;
            assertEquals(rail, s.settling(), s.wire());
        }
        for (PayoutStatus end : EnumSet.of(PayoutStatus.COMPLETED, PayoutStatus.FAILED, PayoutStatus.REJECTED, PayoutStatus.EXPIRED)) {
            assertTrue(end.next().isEmpty(), end.wire() + " is final");
        }
        assertThrows(IllegalStateException.class, () -> PayoutStatus.PENDING.to(PayoutStatus.REJECTED));
    }

    @Test
    void wireNames() {
        assertEquals("pending_approval", PayoutStatus.PENDING_APPROVAL.wire());
        assertEquals(PayoutStatus.EXPIRED, PayoutStatus.fromWire("expired"));
        assertEquals(PayoutStatus.REJECTED, PayoutStatus.parse("rejected"));
        assertNull(PayoutStatus.parse("approved"));
    }
}
