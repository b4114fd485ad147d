package dev.purser.budget;

/**
 * A change to a money counter: {@code spent}, {@code held}, and their sum {@code used} (the
 * figure limits are checked against). Every transition is one of these applied to the agent,
 * the account totals, the creation windows and the temporal rule counters alike.
 */
public record MoneyDelta(long spent, long held) {
    public long used() {
        return spent + held;
    }

    public static MoneyDelta hold(long amount) { return new MoneyDelta(0, amount); }

    public static MoneyDelta spend(long amount) { return new MoneyDelta(amount, 0); }

    public static MoneyDelta release(long amount) { return new MoneyDelta(0, -amount); }

    /** Approve: the hold becomes spend; {@code used} is unchanged. */
    public static MoneyDelta convert(long amount) { return new MoneyDelta(amount, -amount); }

    public boolean isZero() { return spent == 0 && held == 0; }
}
