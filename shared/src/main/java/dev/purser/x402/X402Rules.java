package dev.purser.x402;

import dev.purser.money.Money;
import dev.purser.policy.AccountRule;
import dev.purser.policy.AccountRules;
import dev.purser.policy.Check;
import dev.purser.policy.Counter;
import dev.purser.policy.Guard;
import dev.purser.policy.Limit;
import dev.purser.policy.Policy;
import dev.purser.policy.Snapshot;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The x402 router's checks (spec §4 steps 3-8), a pure function like the policy engine: chain,
 * domain, category, per-request, period and budget limits, the first failure declining with its
 * reason code. Limits use upstream's truthiness (0 or absent: no limit). Purser adds the account's
 * budget rules after the agent checks (reason {@code ACCOUNT_BUDGET_EXCEEDED}), because an
 * authorization counts in the account's windows like any other spend (docs/compatibility.md).
 */
public final class X402Rules {
    private X402Rules() {}

    /** What the checks decided. */
    public sealed interface Outcome {
        /**
         * @param checks {@code x402_chain, x402_domain, category, x402_amount}, then account rules
         * @param guards the limits the commit must re-assert
         * @param remainingDaily daily limit − (day's spent + held) − amount, null without a limit
         */
        record Authorized(List<Check> checks, List<Guard> guards, Long remainingDaily, Long remainingMonthly)
                implements Outcome {}

        record Declined(String reason) implements Outcome {}
    }

    /** The figures one authorization is checked with. */
    public record Attempt(long amountUsdMinor, String chain, String host, String category) {}

    /**
     * Issue 23.5: the requirements' atomic {@code amount}, read with the asset's known decimals, may
     * not exceed {@code max_amount_usd} (the figure the policy is checked with) by more than one
     * atomic unit of rounding — else the agent would pay more than was authorized. Unknown decimals:
     * nothing to compare (upstream ignores the amount). LetAgentPay's SDKs send
     * {@code round(max_amount_usd × 1e6)} for USDC, which always passes.
     */
    public static Optional<String> amountAboveMax(String atomic, Integer decimals, BigDecimal maxAmount, String asset) {
        if (decimals == null || atomic == null) return Optional.empty();
        BigInteger allowed = maxAmount.movePointRight(decimals).setScale(0, RoundingMode.FLOOR).toBigIntegerExact()
                .add(BigInteger.ONE);
        BigInteger amount = new BigInteger(atomic);
        if (amount.compareTo(allowed) <= 0) return Optional.empty();
        return Optional.of("AMOUNT_EXCEEDS_MAX_AMOUNT_USD: payment_requirements.amount " + atomic + " is "
                + new BigDecimal(amount).movePointLeft(decimals).stripTrailingZeros().toPlainString() + " " + asset
                + ", above max_amount_usd " + maxAmount.toPlainString());
    }

    public static Outcome evaluate(Attempt a, Policy policy, X402Policy x402, List<AccountRule> accountRules,
                                   ZoneId accountZone, Snapshot s, Instant now) {
        if (!x402.allowedChains().contains(a.chain())) return declined("CHAIN_NOT_ALLOWED");
        if (a.host() != null && DomainPattern.anyBlocks(x402.blockedDomains(), a.host())) return declined("DOMAIN_BLOCKED");
        if (!x402.allowedDomains().isEmpty() && !DomainPattern.anyMatches(x402.allowedDomains(), a.host())) {
            return declined("DOMAIN_NOT_ALLOWED");
        }
        String cat = a.category();
        if (!policy.allowedCategories().isEmpty()) {
            if (!policy.allowedCategories().contains(cat)) return declined("CATEGORY_NOT_ALLOWED");
        } else if (policy.blockedCategories().contains(cat)) {
            return declined("CATEGORY_BLOCKED");
        }
        long amount = a.amountUsdMinor();
        Long perRequest = truthy(policy.perRequestLimit());
        if ((x402.maxPerRequestMinor() != null && amount > x402.maxPerRequestMinor())
                || (perRequest != null && amount > perRequest)) {
            return declined("AMOUNT_EXCEEDS_PER_REQUEST_LIMIT");
        }
        Long daily = truthy(policy.dailyLimit());
        Long weekly = truthy(policy.weeklyLimit());
        Long monthly = truthy(policy.monthlyLimit());
        if (daily != null && s.agentDaily() + amount > daily) return declined("DAILY_BUDGET_EXCEEDED");
        if (weekly != null && s.agentWeekly() + amount > weekly) return declined("WEEKLY_BUDGET_EXCEEDED");
        if (monthly != null && s.agentMonthly() + amount > monthly) return declined("MONTHLY_BUDGET_EXCEEDED");
        // Purser's yearly and rolling 24-hour windows bind x402 spend too (reason codes of the same form).
        Long yearly = truthy(policy.yearlyLimit());
        Long rolling = truthy(policy.rolling24hLimit());
        if (yearly != null && s.agentYearly() + amount > yearly) return declined("YEARLY_BUDGET_EXCEEDED");
        if (rolling != null && (s.rolling() == null || s.agentRolling24h() + amount > rolling)) {
            return declined("ROLLING_24H_BUDGET_EXCEEDED");
        }
        if (amount > s.remaining()) return declined("BUDGET_EXCEEDED");

        List<Check> checks = new ArrayList<>(8);
        checks.add(Check.pass("x402_chain", a.chain() + " allowed"));
        checks.add(Check.pass("x402_domain", a.host() == null ? "No domain given" : a.host() + " allowed"));
        checks.add(Check.pass("category", policy.allowedCategories().isEmpty() ? "Category allowed" : cat + " in allowed list"));
        checks.add(Check.pass("x402_amount", Money.plain(amount) + " USD within limits"));

        List<Guard> guards = new ArrayList<>(8);
        if (daily != null) guards.add(Guard.of(Counter.AGENT_DAILY, daily));
        if (weekly != null) guards.add(Guard.of(Counter.AGENT_WEEKLY, weekly));
        if (monthly != null) guards.add(Guard.of(Counter.AGENT_MONTHLY, monthly));
        if (yearly != null) guards.add(Guard.of(Counter.AGENT_YEARLY, yearly));
        if (rolling != null) guards.add(Guard.rolling(rolling, s));
        for (AccountRule r : AccountRules.select(accountRules, now, accountZone)) {
            long projected = accountCounter(r, s) + amount;
            String rule = "account_budget:" + r.name();
            String type = r.limitType().wire();
            if (projected > r.limitMinor()) return declined("ACCOUNT_BUDGET_EXCEEDED");
            checks.add(Check.pass(rule, "Account " + type + " " + Money.plain(projected) + "/" + r.limitDisplay()));
            guards.add(accountGuard(r));
        }
        return new Outcome.Authorized(checks, guards,
                daily == null ? null : daily - s.agentDaily() - amount,
                monthly == null ? null : monthly - s.agentMonthly() - amount);
    }

    private static Outcome declined(String reason) {
        return new Outcome.Declined(reason);
    }

    /** Upstream reads limits with Python truthiness: absent or 0 is no limit. */
    static Long truthy(Limit l) {
        return l == null || l.minor() == 0 ? null : l.minor();
    }

    private static long accountCounter(AccountRule r, Snapshot s) {
        return switch (r.limitType()) {
            case DAILY -> s.accountDaily();
            case WEEKLY -> s.accountWeekly();
            case MONTHLY -> s.accountMonthly();
            default -> {
                if (!r.temporal()) yield s.accountTotal();
                Long own = r.id() == null ? null : s.ruleCounters().get(r.id());
                yield own == null ? 0 : own;
            }
        };
    }

    private static Guard accountGuard(AccountRule r) {
        return switch (r.limitType()) {
            case DAILY -> Guard.of(Counter.ACCOUNT_DAILY, r.limitMinor());
            case WEEKLY -> Guard.of(Counter.ACCOUNT_WEEKLY, r.limitMinor());
            case MONTHLY -> Guard.of(Counter.ACCOUNT_MONTHLY, r.limitMinor());
            default -> r.temporal() ? new Guard(Counter.RULE, r.id(), r.limitMinor()) : Guard.of(Counter.ACCOUNT_TOTAL, r.limitMinor());
        };
    }
}
