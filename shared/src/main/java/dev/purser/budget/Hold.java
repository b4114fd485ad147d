package dev.purser.budget;

import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import dev.purser.store.Attr;
import dev.purser.time.Windows;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where budget held or spent for one thing (a purchase request, a payment's request, a
 * reservation, a budget lease on its parent) counts: its agent, account and currency, the
 * windows it was created in, the temporal rules active then, and the budget lease funding it
 * (null when none). Every later release, conversion or adjustment goes to exactly these
 * counters, never to the current windows.
 *
 * <p>The owner's item stores the creation windows as {@code win_d/w/m/y/h}, the rules as
 * {@code rule_ids} and the lease as {@code lease_id}: {@link #write} and {@link #windows} /
 * {@link #ruleIds} are the one place those attributes are written and read.
 */
public record Hold(String agentId, String accountId, String currency, Windows windows, List<String> ruleIds, String leaseId) {
    public Hold {
        ruleIds = ruleIds == null ? List.of() : List.copyOf(ruleIds);
    }

    /** A hold no budget lease funds. */
    public Hold(String agentId, String accountId, String currency, Windows windows, List<String> ruleIds) {
        this(agentId, accountId, currency, windows, ruleIds, null);
    }

    /** Whether a budget lease funds it (then the account's counters hold the lease, not this). */
    public boolean leased() {
        return leaseId != null;
    }

    /** Writes the creation windows, the rule ids and (when set) the lease to the owner's item. */
    public static void write(Map<String, AttributeValue> item, Windows windows, List<String> ruleIds, String leaseId) {
        item.put("win_d", s(windows.day()));
        item.put("win_w", s(windows.week()));
        item.put("win_m", s(windows.month()));
        if (windows.year() != null) item.put("win_y", s(windows.year()));
        if (windows.hour() != null) item.put("win_h", s(windows.hour()));
        item.put("rule_ids", Attr.ss(ruleIds));
        if (leaseId != null) item.put("lease_id", s(leaseId));
    }

    /** This hold's windows, rules and lease, written to its owner's item. */
    public void write(Map<String, AttributeValue> item) {
        write(item, windows, ruleIds, leaseId);
    }

    /** The creation windows stored on an item (year and hour absent on items older than those windows). */
    public static Windows windows(Map<String, AttributeValue> item) {
        return new Windows(str(item, "win_d"), str(item, "win_w"), str(item, "win_m"), str(item, "win_y"), str(item, "win_h"));
    }

    /** The temporal rule ids stored on an item. */
    public static List<String> ruleIds(Map<String, AttributeValue> item) {
        return Attr.list(item, "rule_ids");
    }

    /** The hold stored on an item whose agent, account and currency the caller names. */
    public static Hold read(Map<String, AttributeValue> item, String agentId, String accountId, String currency) {
        return new Hold(agentId, accountId, currency, windows(item), ruleIds(item), str(item, "lease_id"));
    }
}
