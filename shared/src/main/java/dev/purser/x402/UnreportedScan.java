package dev.purser.x402;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.commit.Commit;
import dev.purser.events.EventType;
import dev.purser.money.Money;
import dev.purser.requests.PurchaseRequest;
import dev.purser.requests.RequestStatus;
import dev.purser.requests.RequestViews;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Flags x402 authorizations nobody reported within the configured time (default 24 h) to the
 * owner, with an {@code x402.authorization_unreported} event. It never releases the spend: the
 * agent may well have paid on-chain, and only a report (accepted however late) corrects it.
 *
 * <p>Reads only what is due from the sparse {@code due} index (partition
 * {@code X402#UNREPORTED}: authorizations carry it until reported or flagged), so its cost follows
 * the number of due authorizations, not the table. Each flag is one conditional commit (still
 * {@code auto_approved} and still in the index) with its event, so a report racing the scan, or
 * two scans, end with the authorization either reported or flagged exactly once.
 */
public final class UnreportedScan {
    static final int PAGE = 100;

    private final DynamoDbClient dynamo;
    private final String table;

    public UnreportedScan(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** What one scan did. */
    public record Result(int examined, int flagged) {}

    public Result scan(Instant now, int max) {
        int examined = 0;
        int flagged = 0;
        while (examined < max) {
            int limit = Math.min(PAGE, max - examined);
            List<Map<String, AttributeValue>> due = dynamo.query(b -> b.tableName(table).indexName(TableDefinition.DUE)
                    .keyConditionExpression("#p = :p AND #d <= :now")
                    .expressionAttributeNames(Map.of("#p", TableDefinition.DUE_PK, "#d", TableDefinition.DUE_AT))
                    .expressionAttributeValues(Map.of(":p", s(X402Service.UNREPORTED_PARTITION),
                            ":now", s(Times.stored(now) + "#~")))
                    .limit(limit)).items();
            if (due.isEmpty()) break;
            int before = flagged;
            for (Map<String, AttributeValue> item : due) {
                examined++;
                if (flag(str(item, "request_id"), now)) flagged++;
            }
            if (flagged == before) break; // the rest is being reported or flagged by someone else
        }
        return new Result(examined, flagged);
    }

    /** Flags one authorization; false when it was reported (or flagged) meanwhile. */
    boolean flag(String requestId, Instant now) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(Keys.request(requestId), Keys.REQUEST_SK))).item();
        if (item == null || item.isEmpty() || !item.containsKey(TableDefinition.DUE_PK)) return false;
        PurchaseRequest r = PurchaseRequest.fromItem(item);
        boolean stillOpen = r.status() == RequestStatus.AUTO_APPROVED;
        // Confirmed through the Agent API instead of reported: leave the index quietly.
        Update.Builder u = Update.builder().tableName(table).key(key(Keys.request(requestId), Keys.REQUEST_SK))
                .updateExpression((stillOpen ? "SET unreported_flagged_at = :now " : "")
                        + "REMOVE " + TableDefinition.DUE_PK + ", " + TableDefinition.DUE_AT)
                .conditionExpression("#st = :st AND attribute_exists(" + TableDefinition.DUE_PK + ")")
                .expressionAttributeNames(Map.of("#st", "status"));
        u.expressionAttributeValues(stillOpen
                ? Map.of(":st", s(r.status().wire()), ":now", s(Times.stored(now)))
                : Map.of(":st", s(r.status().wire())));
        Commit commit = Commit.in(table).update("request", u.build());
        if (stillOpen) {
            ObjectNode view = RequestViews.owner(r);
            view.put("settlement_method", X402Service.SETTLEMENT_METHOD);
            view.put("settlement_currency", str(item, "settlement_currency"));
            view.put("settlement_network", str(item, "settlement_network"));
            view.put("pay_to", str(item, "x402_pay_to"));
            view.put("amount_usd", Money.plain(r.amount()));
            view.put("flagged_at", Times.wire(now));
            commit.event(EventType.X402_AUTHORIZATION_UNREPORTED, r.accountId(), view, now);
        }
        return commit.run(dynamo).committed() && stillOpen;
    }
}
