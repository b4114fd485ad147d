package dev.purser.policy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Which account budget rules apply to a request (§2.7). */
public final class AccountRules {
    private AccountRules() {}

    /**
     * Steps 1-5 of §2.7: keep active rules whose {@code [start_at, end_at]} contains {@code now}
     * and whose {@code days_of_week} contains today's weekday in the account zone (null = every
     * day, {@code []} = never); then keep one rule per limit type: the highest priority, on a
     * tie the smallest limit, on a further tie the earlier one. The result is ordered by the
     * position at which each limit type first appears among the applicable rules, so the check
     * list is stable for a given stored order.
     */
    public static List<AccountRule> select(List<AccountRule> rules, Instant now, ZoneId accountZone) {
        if (rules == null || rules.isEmpty()) return List.of();
        int today = now.atZone(accountZone != null ? accountZone : ZoneOffset.UTC).getDayOfWeek().getValue() - 1;
        Map<LimitType, AccountRule> best = new EnumMap<>(LimitType.class);
        List<LimitType> order = new ArrayList<>(4);
        for (AccountRule r : rules) {
            if (!r.active() || !r.inSpan(now)) continue;
            if (r.daysOfWeek() != null && !r.daysOfWeek().contains(today)) continue;
            AccountRule cur = best.get(r.limitType());
            if (cur == null) {
                order.add(r.limitType());
                best.put(r.limitType(), r);
            } else if (r.priority() > cur.priority()
                    || (r.priority() == cur.priority() && r.limitMinor() < cur.limitMinor())) {
                best.put(r.limitType(), r);
            }
        }
        List<AccountRule> out = new ArrayList<>(order.size());
        for (LimitType t : order) out.add(best.get(t));
        return out;
    }

    /**
     * The temporal rules (total with both bounds) that are active and in their span now. Every
     * accepted request adds to each such rule's own counter, whether or not the rule was
     * selected for this request (days_of_week does not matter here).
     */
    public static List<AccountRule> temporalActiveAt(List<AccountRule> rules, Instant now) {
        if (rules == null || rules.isEmpty()) return List.of();
        List<AccountRule> out = new ArrayList<>();
        for (AccountRule r : rules) if (r.active() && r.temporal() && r.inSpan(now)) out.add(r);
        return out;
    }
}
