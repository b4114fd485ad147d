package dev.purser.operator;

import dev.purser.accounts.Account;
import dev.purser.accounts.AccountStore;
import dev.purser.time.Times;
import java.time.Clock;
import java.time.Instant;

/**
 * The operator's account block (spec §2.8): sets the account's {@code blocked} flag. The Agent
 * API reads the account item on every call ({@code requests/DecisionReader}), so the very next
 * agent call answers {@code 403 "Account is blocked"} (before the kill switch and agent status);
 * unblocking restores exactly the state before (the kill switch and agent statuses are separate
 * flags and are left alone). The owner API stays usable, so the owner can still see and review.
 */
public final class AccountBlocking {
    /** What a block or unblock did. */
    public sealed interface Result {
        /** The account now has the asked-for flag ({@code changed} false when it had it already). */
        record Done(Account account, boolean changed) implements Result {}
        record NotFound() implements Result {}
    }

    private final AccountStore accounts;
    private final Clock clock;

    public AccountBlocking(AccountStore accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    public Result set(String accountId, boolean blocked) {
        Instant now = Times.micros(clock.instant());
        boolean[] changed = {false};
        Account saved = accounts.update(accountId, a -> {
            if (a.blocked() == blocked) return a;
            changed[0] = true;
            return a.withBlocked(blocked);
        }, now);
        return saved == null ? new Result.NotFound() : new Result.Done(saved, changed[0]);
    }
}
