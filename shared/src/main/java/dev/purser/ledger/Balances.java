package dev.purser.ledger;

/**
 * TigerBeetle's four balances of one ledger account, in minor units. A wallet is credit-normal:
 * its balance is what was credited minus what was debited, and pending debits are reserved.
 *
 * <ul>
 *   <li>{@code balance = credits_posted - debits_posted}</li>
 *   <li>{@code available = credits_posted - debits_posted - debits_pending} — stored on the item
 *       and maintained by every change, so "no overdraft" is the condition {@code available >= :amt}
 *       and never a read.</li>
 * </ul>
 * Pending credits are not spendable until posted.
 */
public record Balances(long debitsPending, long debitsPosted, long creditsPending, long creditsPosted) {
    public static final Balances ZERO = new Balances(0, 0, 0, 0);

    public long balance() {
        return Math.subtractExact(creditsPosted, debitsPosted);
    }

    public long available() {
        return Math.subtractExact(balance(), debitsPending);
    }

    public Balances plus(BalanceChange c) {
        return new Balances(
                Math.addExact(debitsPending, c.debitsPending()),
                Math.addExact(debitsPosted, c.debitsPosted()),
                Math.addExact(creditsPending, c.creditsPending()),
                Math.addExact(creditsPosted, c.creditsPosted()));
    }
}
