package dev.purser.ledger.settlement;

import java.time.Instant;

/**
 * A rail's side of settlement. Purser holds the money as a pending transfer while a payment or
 * payout is with the rail; the scheduled settlement job asks the connector, one step per run,
 * what happened: {@code pending → submitted → settling → completed | failed}. Completion posts the
 * pending transfers, failure voids them, each in one transaction with the item's new state and
 * its event. A production connector would call its provider here; the shipped one is
 * {@link SandboxConnector}.
 */
public interface SettlementConnector {
    /** One payment or payout with the rail. {@code kind} is {@code payment} or {@code payout}. */
    record Settlement(String id, String kind, String rail, long amount, String currency, String state) {}

    /** The rail's answer for one step. */
    sealed interface Step {
        /** Moved to {@code submitted} or {@code settling}. */
        record Advance(String to) implements Step {}

        record Complete() implements Step {}

        record Fail(String reason) implements Step {}

        /** Nothing new yet; ask again on the next run. */
        record Wait() implements Step {}
    }

    Step advance(Settlement s, Instant now);
}
