package dev.purser.payouts;

import static dev.purser.store.Attr.bool;
import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.ledger.store.LedgerKeys;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The owner's payout controls, items under the account: the destinations the owner approved
 * ({@code PAYOUTDEST#<destination id>}: an agent's payout to one of them needs no approval for
 * the destination) and whether agents may pay out at all ({@code PAYOUTSETTINGS}, on when absent).
 */
public final class PayoutDestinations {
    private final DynamoDbClient dynamo;
    private final String table;

    public PayoutDestinations(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** What the owner decided for a payout: agents may pay out; this destination is approved. */
    public record Controls(boolean agentPayouts, boolean destinationApproved) {}

    /** Both controls in ONE consistent batch read. */
    public Controls controls(String accountId, String destinationId) {
        Map<String, AttributeValue> settingsKey = key(Keys.account(accountId), LedgerKeys.PAYOUT_SETTINGS_SK);
        Map<String, AttributeValue> destKey = key(Keys.account(accountId), LedgerKeys.payoutDestinationSk(destinationId));
        var r = dynamo.batchGetItem(b -> b.requestItems(Map.of(table, KeysAndAttributes.builder()
                .keys(settingsKey, destKey).consistentRead(true).build())));
        boolean agentPayouts = true;
        boolean approved = false;
        for (var item : r.responses().getOrDefault(table, List.of())) {
            if (LedgerKeys.PAYOUT_SETTINGS_SK.equals(str(item, TableDefinition.SK))) {
                agentPayouts = !item.containsKey("agent_payouts") || item.get("agent_payouts").bool();
            } else {
                approved = true;
            }
        }
        // Two small items: an unprocessed key is read again singly rather than assumed absent.
        if (!r.unprocessedKeys().isEmpty()) return controlsOneByOne(settingsKey, destKey);
        return new Controls(agentPayouts, approved);
    }

    private Controls controlsOneByOne(Map<String, AttributeValue> settingsKey, Map<String, AttributeValue> destKey) {
        var settings = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(settingsKey)).item();
        var dest = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(destKey)).item();
        boolean agentPayouts = settings == null || !settings.containsKey("agent_payouts") || settings.get("agent_payouts").bool();
        return new Controls(agentPayouts, dest != null && !dest.isEmpty());
    }

    /** The approval of a destination, to commit with what approved it (the owner, or a payout's review). */
    public TransactWriteItem approval(String accountId, String destinationId, Destination d, String approvedVia, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(Keys.account(accountId)));
        item.put(TableDefinition.SK, s(LedgerKeys.payoutDestinationSk(destinationId)));
        item.put("destination_id", s(destinationId));
        item.put("destination_type", s(d.type()));
        item.put("destination", s(Json.write(Payout.destinationJson(d))));
        item.put("label", s(d.label()));
        item.put("approved_via", s(approvedVia));
        item.put("approved_at", s(Times.stored(now)));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }

    public ObjectNode approve(String accountId, String destinationId, Destination d, Instant now) {
        var put = approval(accountId, destinationId, d, "owner", now).put();
        dynamo.putItem(b -> b.tableName(table).item(put.item()));
        return view(put.item());
    }

    /** False when the destination was not on the list. */
    public boolean remove(String accountId, String destinationId) {
        if (destinationId == null || destinationId.length() > 100) return false;
        var old = dynamo.deleteItem(b -> b.tableName(table).key(key(Keys.account(accountId),
                LedgerKeys.payoutDestinationSk(destinationId))).returnValues("ALL_OLD")).attributes();
        return old != null && !old.isEmpty();
    }

    /** Every approved destination of the account (an owner keeps a short list: read whole). */
    public List<ObjectNode> list(String accountId) {
        List<ObjectNode> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("#p = :p AND begins_with(#s, :prefix)")
                    .expressionAttributeNames(Map.of("#p", TableDefinition.PK, "#s", TableDefinition.SK))
                    .expressionAttributeValues(Map.of(":p", s(Keys.account(accountId)),
                            ":prefix", s(LedgerKeys.PAYOUT_DESTINATION_PREFIX)))
                    .exclusiveStartKey(from));
            for (var item : page.items()) out.add(view(item));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    public boolean agentPayouts(String accountId) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(Keys.account(accountId), LedgerKeys.PAYOUT_SETTINGS_SK))).item();
        return item == null || !item.containsKey("agent_payouts") || item.get("agent_payouts").bool();
    }

    public void setAgentPayouts(String accountId, boolean on, Instant now) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of(TableDefinition.PK, s(Keys.account(accountId)),
                TableDefinition.SK, s(LedgerKeys.PAYOUT_SETTINGS_SK), "agent_payouts", bool(on),
                "updated_at", s(Times.stored(now)))));
    }

    private static ObjectNode view(Map<String, AttributeValue> item) {
        ObjectNode o = Json.object();
        o.put("destination_id", str(item, "destination_id"));
        o.put("destination_type", str(item, "destination_type"));
        o.set("destination", Json.parseTrusted(str(item, "destination")));
        o.put("label", str(item, "label"));
        o.put("approved_via", str(item, "approved_via"));
        o.put("approved_at", Times.wire(Times.parse(str(item, "approved_at"))));
        return o;
    }
}
