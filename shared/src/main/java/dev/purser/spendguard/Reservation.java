package dev.purser.spendguard;

import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.numOrNull;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.budget.Hold;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import dev.purser.time.Windows;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A budget hold taken before an agent action. While {@code held} it weighs {@code amount} in the
 * agent's and account's windows of its creation exactly like a pending request; captured it
 * weighs {@code captured}; released or expired it weighs nothing.
 *
 * @param captured the captured amount once captured, else null
 * @param ruleIds the temporal rules active at creation (their counters carry the hold)
 * @param leaseId the budget lease that funds it (its agent is the lease's child), or null
 */
public record Reservation(
        String id,
        String agentId,
        String accountId,
        ReservationStatus status,
        long amount,
        Long captured,
        String currency,
        String category,
        String merchant,
        String policyCheck,
        Instant createdAt,
        Instant expiresAt,
        Instant resolvedAt,
        Windows windows,
        List<String> ruleIds,
        String leaseId) {

    /** A reservation not funded by a budget lease. */
    public Reservation(String id, String agentId, String accountId, ReservationStatus status, long amount, Long captured,
                       String currency, String category, String merchant, String policyCheck, Instant createdAt,
                       Instant expiresAt, Instant resolvedAt, Windows windows, List<String> ruleIds) {
        this(id, agentId, accountId, status, amount, captured, currency, category, merchant, policyCheck, createdAt,
                expiresAt, resolvedAt, windows, ruleIds, null);
    }

    public static final String ID_PREFIX = "rsv_";
    static final String SK = "RESERVATION";
    /** The sparse expiry index partition of reservations (requests use {@link Keys#DUE_PARTITION}). */
    static final String DUE_PARTITION = "DUE#RESERVATION";

    public static String pk(String id) { return "RESERVATION#" + id; }

    public static String accountList(String accountId) { return "ACCOUNT#" + accountId + "#RESERVATIONS"; }

    /** What it weighs now in every counter it counts in. */
    public long counted() {
        return switch (status) {
            case HELD -> amount;
            case CAPTURED -> captured;
            default -> 0;
        };
    }

    public long released() {
        return switch (status) {
            case HELD -> 0;
            case CAPTURED -> amount - captured;
            default -> amount;
        };
    }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(pk(id)));
        item.put(TableDefinition.SK, s(SK));
        item.put("reservation_id", s(id));
        item.put("agent_id", s(agentId));
        item.put("account_id", s(accountId));
        item.put("status", s(status.wire()));
        item.put("amount", n(amount));
        if (captured != null) item.put("captured", n(captured));
        item.put("currency", s(currency));
        item.put("category", s(category));
        if (merchant != null) item.put("merchant", s(merchant));
        item.put("policy_check", s(policyCheck));
        item.put("created_at", s(Times.stored(createdAt)));
        item.put("expires_at", s(Times.stored(expiresAt)));
        item.put("expires_epoch", n(expiresAt.getEpochSecond()));
        if (resolvedAt != null) item.put("resolved_at", s(Times.stored(resolvedAt)));
        hold().write(item);
        item.put(TableDefinition.GSI2_PK, s(accountList(accountId)));
        item.put(TableDefinition.GSI2_SK, s(Times.stored(createdAt) + "#" + id));
        if (status == ReservationStatus.HELD) {
            item.put(TableDefinition.DUE_PK, s(DUE_PARTITION));
            item.put(TableDefinition.DUE_AT, s(Times.stored(expiresAt) + "#" + id));
        }
        return item;
    }

    public static Reservation fromItem(Map<String, AttributeValue> item) {
        String resolved = str(item, "resolved_at");
        return new Reservation(str(item, "reservation_id"), str(item, "agent_id"), str(item, "account_id"),
                ReservationStatus.fromWire(str(item, "status")), num(item, "amount"), numOrNull(item, "captured"),
                str(item, "currency"), str(item, "category"), str(item, "merchant"), str(item, "policy_check"),
                Times.parse(str(item, "created_at")), Times.parse(str(item, "expires_at")),
                resolved == null ? null : Times.parse(resolved),
                Hold.windows(item), Hold.ruleIds(item),
                str(item, "lease_id"));
    }

    /** The JSON shape of a reservation (answers, lists and events alike). */
    public ObjectNode view() {
        ObjectNode o = Json.object();
        o.put("reservation_id", id);
        o.put("agent", agentId);
        o.put("status", status.wire());
        o.put("amount", Money.plain(amount));
        o.put("captured_amount", captured == null ? null : Money.plain(captured));
        o.put("released_amount", status == ReservationStatus.HELD ? null : Money.plain(released()));
        o.put("currency", currency);
        o.put("category", category);
        o.put("merchant", merchant);
        o.put("created_at", Times.wire(createdAt));
        o.put("expires_at", Times.wire(expiresAt));
        o.put("resolved_at", resolvedAt == null ? null : Times.wire(resolvedAt));
        if (leaseId != null) o.put("lease_id", leaseId);
        o.set("policy_check", Json.parseTrusted(policyCheck));
        return o;
    }

    /** Where this reservation's budget counts (its creation windows, rules and funding lease). */
    public Hold hold() {
        return new Hold(agentId, accountId, currency, windows, ruleIds, leaseId);
    }
}
