package dev.purser.ledger.settlement;

import java.time.Instant;

/**
 * The sandbox rail: moves every settlement one state per job run, and fails on two magic amounts
 * so that every state and event can be exercised (docs/ledger.md):
 * <ul>
 *   <li>{@value #DECLINED_AT_SUBMIT} minor units (13.13): declined when submitted → {@code failed},
 *       reason {@code declined_by_rail};</li>
 *   <li>{@value #RETURNED_WHILE_SETTLING} minor units (66.66): returned while settling → {@code failed},
 *       reason {@code returned_by_rail};</li>
 *   <li>anything else completes on the third run.</li>
 * </ul>
 */
public final class SandboxConnector implements SettlementConnector {
    public static final long DECLINED_AT_SUBMIT = 1313;
    public static final long RETURNED_WHILE_SETTLING = 6666;

    @Override
    public Step advance(Settlement s, Instant now) {
        return switch (s.state()) {
            case "pending" -> s.amount() == DECLINED_AT_SUBMIT ? new Step.Fail("declined_by_rail") : new Step.Advance("submitted");
            case "submitted" -> new Step.Advance("settling");
            case "settling" -> s.amount() == RETURNED_WHILE_SETTLING ? new Step.Fail("returned_by_rail") : new Step.Complete();
            default -> new Step.Wait();
        };
    }
}
